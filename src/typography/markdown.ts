import type MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
import type { LocaleProfile } from "../locale/index.js";
import { ellipsis, outsideUrls, typographyOf, unligated, type LocaleTypography } from "./rules.js";

/**
 * The locale's typography in markdown-it, the same rules as `typeset` for plain strings: the
 * locale's dashes, the ellipsis and typed ligatures (ours, not markdown-it's replacements, which
 * make `--` an en dash and reach into URLs), its smart quotes with the profile's quotation marks,
 * then the nesting of quotation marks over a whole paragraph and the no-break rules, also where
 * a paragraph's text is split into pieces by emphasis, links or a line break. Code spans, and
 * the text of links written as URLs, are left as written.
 */
export function markdownTypography(md: MarkdownIt, profile: LocaleProfile): void {
  const { primary, nested } = profile.quotes;
  const rules = typographyOf(profile);
  md.set({ typographer: true, quotes: [...primary, ...nested] });
  md.enable("smartquotes");
  md.disable("replacements");
  const dashes = (text: string) => unligated(ellipsis(rules.dashes(text)));
  md.core.ruler.before("smartquotes", "locale_dashes", (state) => {
    for (const block of inlines(state.tokens))
      for (const token of prose(block)) token.content = outsideUrls(token.content, dashes);
  });
  md.core.ruler.push("locale_quotes_and_no_breaks", (state) => {
    for (const block of inlines(state.tokens)) {
      const depth = { value: 0 };
      const texts = prose(block);
      // Marks that do not pair up (two closing marks written as one) are left as written.
      if (rules.balanced(texts.map((t) => t.content)))
        for (const token of texts) token.content = rules.nest(token.content, depth);
      for (const token of texts) token.content = outsideUrls(token.content, rules.noBreaks);
      glueAcrossTokens(block, rules);
    }
  });
}

function inlines(tokens: Token[]): Token[][] {
  return tokens.flatMap((t) => (t.type === "inline" && t.children ? [t.children] : []));
}

/** The text tokens of an inline block outside links written as URLs (`<https://…>`). */
function prose(children: Token[]): Token[] {
  const out: Token[] = [];
  let inAutolink = false;
  for (const token of children) {
    if (token.type === "link_open" && token.markup === "autolink") inAutolink = true;
    else if (token.type === "link_close" && inAutolink) inAutolink = false;
    else if (token.type === "text" && !inAutolink) out.push(token);
  }
  return out;
}

const EDGE = 24;

/**
 * Where a no-break rule spans two tokens ("в **митингах**", "100\nчеловек"), the space or line
 * break between them becomes the no-break space the rules would have put in one string.
 */
function glueAcrossTokens(children: Token[], rules: LocaleTypography): void {
  const contentAfter = (i: number): string => {
    for (let j = i + 1; j < children.length; j++) {
      const t = children[j]!;
      if (t.type === "text" || t.type === "code_inline") return t.content;
      if (t.type === "softbreak" || t.type === "hardbreak" || t.type === "image") return "";
    }
    return "";
  };
  let before = "";
  for (let i = 0; i < children.length; i++) {
    const token = children[i]!;
    if (token.type === "softbreak") {
      const glue = joined(rules, before, contentAfter(i));
      if (glue) {
        token.type = "text";
        token.content = glue;
      }
      before = "";
    } else if (token.type === "text") {
      if (token.content.endsWith(" ")) {
        const glue = joined(rules, token.content.slice(0, -1), contentAfter(i));
        if (glue) token.content = token.content.slice(0, -1) + glue;
      }
      before = token.content;
    } else if (token.type === "code_inline") before = token.content;
    else if (token.type === "hardbreak" || token.type === "image") before = "";
  }
}

/** The no-break space the rules put between the end of `left` and the start of `right`, if any. */
function joined(rules: LocaleTypography, left: string, right: string): string | undefined {
  if (!left || !right) return undefined;
  const tail = left.slice(-EDGE);
  const set = rules.noBreaks(`${tail} ${right.slice(0, EDGE)}`);
  const at = set.length - right.slice(0, EDGE).length - 1;
  const glue = set.slice(at, at + 1);
  return glue === " " ? undefined : glue;
}
