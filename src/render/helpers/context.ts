import type { HelperOptions } from "handlebars";
import type MarkdownIt from "markdown-it";
import { BoundedCache, stringBytes } from "../../core/boundedCache.js";
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

// Keyed by the profile object: `resolveLocales` gives the same object for the same locale
// settings, so a parser is made once per process and settings; two builds with different
// settings for a locale never share one.
const markdownCache = new WeakMap<LocaleProfile, MarkdownIt>();

export function markdownFor(profile: LocaleProfile): MarkdownIt {
  let md = markdownCache.get(profile);
  if (!md) markdownCache.set(profile, (md = createMarkdown(profile)));
  return md;
}

/**
 * Markdown as HTML, a block (`{{markdown}}`) or one paragraph's inline content
 * (`{{markdownInline}}`), remembered by profile and source. A page with a PDF link is rendered
 * twice (src/build/buildPage.ts), and the Markdown, typeset and hyphenated, was the larger part
 * of a render: 7 % of a worker's CPU on 250 generated articles. Rendering depends on nothing
 * but the profile's parser and the source.
 */
export function markdownHtml(profile: LocaleProfile, source: string, inline: boolean): string {
  return renderedMarkdown.get(profile, inline ? `i${source}` : `b${source}`, () => {
    const md = markdownFor(profile);
    return inline ? md.renderInline(source) : md.render(source);
  });
}

/** Enough for the pages of a few articles: each source is asked for twice in a row. */
const RENDERED_MARKDOWN_BYTES = 1024 * 1024;

const renderedMarkdown = new BoundedCache<LocaleProfile, string, string>({
  maxBytes: RENDERED_MARKDOWN_BYTES,
  sizeOf: (key, html) => stringBytes(key) + stringBytes(html),
});
