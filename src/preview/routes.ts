import { isLocaleId } from "../locale/index.js";
import { INDEX_PATH, pagePath, parseImagePath, parsePagePath, type PageRef } from "../core/paths.js";
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
  | ({ readonly kind: "page"; readonly path: string } & PageRef)
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
  if (path === "" || path === INDEX_PATH) return { kind: "index" };
  // The build's own parsers, so that a URL and the path the build writes cannot disagree.
  const image = parseImagePath(path);
  if (image) return { kind: "asset", path, article: image.article };
  const page = parsePagePath(path);
  if (page && isLocaleId(page.locale)) return { kind: "page", path, ...page, locale: page.locale };
  return { kind: "output", path };
}

/** The URL of a page, for links the preview makes itself: its path in dist/, each segment encoded. */
export function pageUrl(page: PageRef): string {
  return `/${pagePath(page).split("/").map(encodeURIComponent).join("/")}`;
}
