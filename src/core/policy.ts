/**
 * Which checks are errors, which warnings, and which are off: one place, overridable per
 * project in `tilpress.config.json` under "rules". A code not listed keeps the severity its
 * check gives it (errors for content that cannot be built correctly).
 */
export type RuleLevel = "error" | "warning" | "off";
export type Policy = Readonly<Record<string, RuleLevel>>;

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
  "pdf/missing-image": "warning",
};
