import { isLocaleId, type Locale } from "../locale/index.js";
import { LIVE_RELOAD_PATH, SCRIPT_PATH } from "./liveReload.js";

/**
 * What a preview URL asks for. The URLs are the paths `build` writes into dist/, so the
 * relative links between pages (the language switcher, the index link, images) work the
 * same in the preview as in the built folder.
 */
export type PreviewRoute =
  /** `/` or `/index.html`: every article × locale × template × format. */
  | { readonly kind: "index" }
  /** `/<locale>/<article>/<template>.<html|pdf>`: one page, rendered on request. */
  | {
      readonly kind: "page";
      readonly path: string;
      readonly locale: Locale;
      readonly article: string;
      readonly template: string;
      readonly format: "html" | "pdf";
    }
  /** `/assets/<article>/<file>`: an image of an article, as the build copies it. */
  | { readonly kind: "asset"; readonly path: string; readonly article: string }
  /** Any other file the build makes (newsletters, manifest.json), looked up by its path. */
  | { readonly kind: "output"; readonly path: string }
  | { readonly kind: "live-reload-script" }
  /** The live-reload WebSocket (a plain GET there is refused). */
  | { readonly kind: "live-reload" };

/** The route of a request's decoded path segments (see safePath.ts for what is refused before). */
export function routeOf(segments: readonly string[]): PreviewRoute {
  const path = segments.join("/");
  if (`/${path}` === SCRIPT_PATH) return { kind: "live-reload-script" };
  if (`/${path}` === LIVE_RELOAD_PATH) return { kind: "live-reload" };
  if (path === "" || path === "index.html") return { kind: "index" };
  const [first, article, file, ...more] = segments;
  if (first === "assets" && article && file) return { kind: "asset", path, article };
  const page = file && more.length === 0 ? /^(.+)\.(html|pdf)$/.exec(file) : null;
  if (first && isLocaleId(first) && article && page?.[1] && (page[2] === "html" || page[2] === "pdf")) {
    return { kind: "page", path, locale: first, article, template: page[1], format: page[2] };
  }
  return { kind: "output", path };
}

/** The URL of a page, for links the preview makes itself. */
export function pagePath(locale: Locale, article: string, template: string, format: "html" | "pdf"): string {
  return `/${[locale, article, `${template}.${format}`].map(encodeURIComponent).join("/")}`;
}
