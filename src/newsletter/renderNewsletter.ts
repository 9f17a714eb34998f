import { compile, type FormatCallback, type HtmlToTextOptions } from "html-to-text";
import { plainCharacters } from "../typography/plainCharacters.js";
// juice's client: the inliner without web-resource-inliner (it fetches and inlines remote
// files, which an email made here never asks for), so its HTTP and encoding libraries stay unloaded.
import juice from "juice/client.js";
import { NEWSLETTER_TEMPLATE } from "../config.js";
import type { DiagnosticList } from "../core/diagnostic.js";
import type { Translator } from "../i18n/translator.js";
import type { TemplateSet } from "../render/templates.js";
import type { NewsletterView } from "./modelNewsletter.js";

/**
 * Gmail clips a message whose HTML is larger than 102 KB and hides what follows, the
 * unsubscribe link included. Counted in bytes, with a margin (102 000, not 102 × 1024).
 */
export const EMAIL_HTML_LIMIT = 102_000;

/** What renders an issue's email: the templates, the locale's translator, where problems go, the issue's file. */
export interface NewsletterRender {
  readonly templates: TemplateSet;
  readonly tr: Translator;
  readonly diagnostics: DiagnosticList;
  /** `data/newsletters/<issue>.yaml`, named when the email is too large. */
  readonly issueFile: string;
}

/**
 * templates/newsletter.hbs → HTML with its CSS inlined into style attributes (juice), so that
 * clients that drop `<style>` (Gmail in some views, Outlook.com) still show the layout; only
 * the @media rules stay in a `<style>`, for the clients that read them. The text part is made
 * from it by `plainText` when a message is composed (check composes none).
 */
export function renderNewsletter(view: NewsletterView, render: NewsletterRender): string | undefined {
  const { templates, tr, diagnostics, issueFile } = render;
  const raw = templates.render(NEWSLETTER_TEMPLATE, { view, tr, diagnostics });
  if (raw === undefined) return undefined;
  const html = juice(raw, {
    removeStyleTags: true,
    preserveMediaQueries: true,
    preserveImportant: true,
    preserveFontFaces: false,
    preserveKeyFrames: false,
    preservePseudos: false,
    insertPreservedExtraCss: true,
    // No width/height/bgcolor/align attributes copied from the CSS: they are obsolete HTML
    // (the Nu checker rejects them) and the inlined styles already carry the same values.
    applyAttributesTableElements: false,
    applyWidthAttributes: false,
    applyHeightAttributes: false,
    xmlMode: false,
  });
  const bytes = Buffer.byteLength(html);
  if (bytes > EMAIL_HTML_LIMIT) {
    // Point at the template line that made the most of it: the stories' loop, or a long text.
    const part = templates.largestPart(NEWSLETTER_TEMPLATE, { view, tr });
    const file = part?.file ?? templates.files[NEWSLETTER_TEMPLATE] ?? `templates/${NEWSLETTER_TEMPLATE}.hbs`;
    diagnostics.error({
      code: "newsletter/too-large",
      message:
        `The ${tr.locale} email HTML of ${view.issue} (${issueFile}) is ${bytes} bytes; Gmail clips messages over 102 KB` +
        (part ? `. The largest part, ${part.bytes} bytes before inlining, comes from ${file}:${part.line}` : ""),
      hint: `Put fewer stories in ${issueFile} (\`articles:\`), or shorten what that template line makes.`,
      file,
      ...(part ? { line: part.line, column: part.column } : {}),
      locale: tr.locale,
    });
    return undefined;
  }
  return html;
}

/** A link on a line of its own, "Read the briefing: https://…": the text part lists every link. */
const listedLink: FormatCallback = (elem, walk, builder) => {
  builder.openBlock({ leadingLineBreaks: 1 });
  walk(elem.children, builder);
  const href = elem.attribs?.["href"];
  if (href) builder.addInline(`: ${href}`, { noWordTransform: true });
  builder.closeBlock({ trailingLineBreaks: 1 });
};

/**
 * The plain-text part a reader of a text-only client gets: headlines, summaries, every link
 * listed, in the characters any font shows (`plainCharacters`: `100-ден`, not U+2011).
 */
export function plainText(html: string): string {
  toText ??= compile(TEXT_OPTIONS);
  return plainCharacters(toText(html)).trim() + "\n";
}

/** Compiled once per process, when first needed: html-to-text's selector tree is the costly part. */
let toText: ((html: string) => string) | undefined;

const TEXT_OPTIONS: HtmlToTextOptions = {
  wordwrap: 72,
  formatters: { listedLink },
  selectors: [
    { selector: ".preheader", format: "skip" },
    { selector: ".separator", format: "skip" },
    { selector: "img", format: "skip" },
    { selector: "h1", options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 2 } },
    { selector: "h2", options: { uppercase: false, leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    // The headline's own link is listed below it with the PDF's.
    { selector: "a.headline", format: "inline" },
    { selector: "a", format: "listedLink" },
    { selector: "table", format: "block" },
    { selector: "tr", format: "block" },
    { selector: "td", format: "block" },
    { selector: "td.story", format: "block", options: { leadingLineBreaks: 2 } },
  ],
};
