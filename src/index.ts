/** The library API: `build()` returns outputs and diagnostics in memory; `writeOutputs()` puts them on disk. */
export { build, buildNewsletterIssues, type BuildResult, type NewsletterResult } from "./build.js";
export type { NewsletterMessage } from "./newsletter/buildNewsletters.js";
export {
  sendNewsletter,
  smtpSettingsFromEnv,
  type SmtpSettings,
  type SentMessage,
} from "./newsletter/sendNewsletter.js";
export { resolveConfig, DEFAULT_TEMPLATES, type BuildOptions, type ResolvedConfig } from "./config.js";
export type { Diagnostic, Severity } from "./core/diagnostic.js";
export { SUPPORTED_LOCALES, type Locale } from "./locale/index.js";
export { TilpressError, UsageError, EmitError } from "./core/errors.js";
export { writeOutputs, type WriteResult } from "./emit/writeOutputs.js";
export type { Output, Manifest, ManifestEntry, OutputFormat } from "./emit/output.js";
export { pluralCategories } from "./i18n/pluralCategories.js";
export { formatReport } from "./cli/reporter.js";
export { VERSION } from "./version.js";
