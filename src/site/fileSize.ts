import { formatNumber } from "../i18n/format.js";
import type { Translator } from "../i18n/translator.js";
import { typeset } from "../typography/rules.js";

const KB = 1024;
const MB = 1024 * KB;

/**
 * A file's size as a reader sees it next to a link, in the translator's language: "212 KB",
 * «212 КБ», «1,4 МБ». Binary units (1 KB = 1024 bytes, what file managers and browsers show);
 * kilobytes rounded up (a 300-byte file is "1 KB", never "0 KB"), megabytes to one decimal.
 * The unit comes from the catalog (`site.kilobytes`, `site.megabytes`): CLDR's Russian and
 * Kazakh "кБ" is not what a Russian or Kazakh editor prints ("КБ"). The number goes through
 * Intl (decimal comma in kk and ru).
 */
export function fileSizeText(tr: Translator, bytes: number): string {
  if (bytes < MB) return tr.t("site.kilobytes", { value: number(tr, Math.max(1, Math.ceil(bytes / KB))) });
  return tr.t("site.megabytes", { value: number(tr, Math.round((bytes / MB) * 10) / 10) });
}

/**
 * "PDF, 212 KB": the text of a link to a PDF of this size (`site.fileLink`: the format's name, then
 * the size), typeset like every catalog string a reader sees, so the number keeps its unit on its
 * line (a no-break space in «70 КБ»).
 */
export function pdfLinkText(tr: Translator, bytes: number): string {
  return typeset(tr.t("site.fileLink", { format: "PDF", size: fileSizeText(tr, bytes) }), tr.profile);
}

function number(tr: Translator, value: number): string {
  return formatNumber(tr.locale, value);
}
