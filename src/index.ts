/** The library API: `build()` returns outputs and diagnostics in memory; `writeOutputs()` puts them on disk. */
export { build, type BuildResult } from "./build/build.js";
export { buildNewsletterIssues, type NewsletterResult } from "./build/newsletters.js";
export { BuildSetUp } from "./build/setUp.js";
export type { Warned } from "./core/diagnostic.js";
export type { NewsletterMessage } from "./newsletter/buildNewsletters.js";
export {
  sendNewsletter,
  smtpSettingsFromEnv,
  type SmtpSettings,
  type SentMessage,
} from "./newsletter/sendNewsletter.js";
export { resolveConfig, type BuildOptions, type ResolvedConfig } from "./config.js";
export { DEFAULT_TEMPLATES } from "./model/kinds.js";
export type { Diagnostic, Severity } from "./core/diagnostic.js";
export { SUPPORTED_LOCALES, type Locale, type LocaleProfile, type LocaleProfiles } from "./locale/index.js";
export { TilpressError, UsageError, EmitError } from "./core/errors.js";
export { writeOutputs, type WriteResult } from "./emit/writeOutputs.js";
export type { KeptPdf, Output, Manifest, ManifestEntry, OutputFormat } from "./emit/output.js";
export { pluralCategories } from "./i18n/pluralCategories.js";
export { formatReport } from "./cli/reporter.js";
export { VERSION } from "./version.js";
