import type { HelperOptions } from "handlebars";
import type MarkdownIt from "markdown-it";
import { createMarkdown } from "../markdown.js";
import type { Locale } from "../../locale/index.js";
import type { Translator } from "../../i18n/translator.js";

/** What every render passes to helpers through Handlebars' `@data`, beside the view. */
export interface RenderData {
  readonly tr: Translator;
  readonly stylesheet: string;
}

export function translatorOf(options: HelperOptions): Translator {
  return (options.data as { root?: unknown; tr: Translator }).tr;
}

export function stylesheetOf(options: HelperOptions): string {
  return (options.data as RenderData).stylesheet;
}

const markdownCache = new Map<Locale, MarkdownIt>();

export function markdownFor(locale: Locale): MarkdownIt {
  let md = markdownCache.get(locale);
  if (!md) markdownCache.set(locale, (md = createMarkdown(locale)));
  return md;
}
