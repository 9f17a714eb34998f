import type { HelperOptions } from "handlebars";
import type MarkdownIt from "markdown-it";
import { createMarkdown } from "../markdown.js";
import type { LocaleProfile } from "../../locale/index.js";
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

// Keyed by the profile object, which belongs to one build's config: two builds with different
// settings for a locale never share a parser.
const markdownCache = new WeakMap<LocaleProfile, MarkdownIt>();

export function markdownFor(profile: LocaleProfile): MarkdownIt {
  let md = markdownCache.get(profile);
  if (!md) markdownCache.set(profile, (md = createMarkdown(profile)));
  return md;
}
