import type { IncomingMessage } from "node:http";

/** The only address the preview listens on: it is for the author's own browser. */
export const PREVIEW_HOST = "127.0.0.1";

/**
 * Whether the Host header names this server. Anything else is refused: a page on a foreign
 * site that rebinds its DNS name to 127.0.0.1 would otherwise read the preview as same-origin.
 */
export function isOwnHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const h = host.toLowerCase();
  return h === `127.0.0.1:${port}` || h === `localhost:${port}`;
}

/**
 * Whether a request may use the live-reload channel: no Origin (not a browser) or exactly
 * this server's own origin. Browsers let any page open a WebSocket to any host and send its
 * Origin with it: another site's page must not subscribe.
 */
export function isSameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return origin.toLowerCase() === `http://${(request.headers.host ?? "").toLowerCase()}`;
}

/** The methods served; everything else is 405 with this list in `Allow`. */
export const ALLOWED_METHODS = ["GET", "HEAD"] as const;

/**
 * Pages may run only the live-reload script from this server and connect only back to it.
 * Styles stay inline (templates inline their stylesheet); nothing loads from another host.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Headers on every response. The CSP is added by the caller where it fits the content. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Resource-Policy": "same-origin",
  // Every response is rendered from the files as they are now: never reuse an old one.
  "Cache-Control": "no-store",
};
