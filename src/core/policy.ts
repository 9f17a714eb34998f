/**
 * Which checks are errors, which warnings, and which are off: one place, overridable per
 * project in `tilpress.config.json` under "rules". A code not listed keeps the severity its
 * check gives it (errors for content that cannot be built correctly).
 */
export type RuleLevel = "error" | "warning" | "off";
export type Policy = Readonly<Record<string, RuleLevel>>;

/**
 * Checks that keep unsafe or broken text out of what is published: a project cannot lower them
 * (`tilpress.config.json` saying "warning" or "off" for one is a usage error), as that would
 * publish a `javascript:` link, unescaped data, or bytes that are not text.
 */
export const ALWAYS_ERRORS: ReadonlySet<string> = new Set([
  "data/unsafe-link",
  "template/unescaped",
  "text/invalid-utf8",
  "text/control-character",
  "text/lone-surrogate",
  "text/unassigned",
]);

/** What `--strict` changes besides the exit code: a missing translation is an error. */
export const STRICT_POLICY: Policy = { "data/missing-locale-file": "error" };

export const DEFAULT_POLICY: Policy = {
  // A translation that drifts from the facts or keeps English text is wrong: errors.
  "data/missing-locale-file": "warning",
  "translation/stale": "warning",
  "translation/untracked": "warning",
  "translation/number-mismatch": "error",
  "translation/quote-count": "error",
  "translation/link-count": "error",
  "catalog/unused-key": "warning",
  "catalog/identical-to-source": "error",
  "pdf/unsupported-element": "warning",
  "pdf/unsupported-css": "warning",
  "pdf/invalid-css": "warning",
  "pdf/missing-image": "warning",
  "pdf/locale-coverage": "warning",
};
