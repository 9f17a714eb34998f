import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

/** Where a page subscribes to changes (a WebSocket) and where its script lives. */
export const LIVE_RELOAD_PATH = "/__tilpress/live";
export const SCRIPT_PATH = "/__tilpress/live.js";

/**
 * The script the preview adds to the HTML it serves (never to build outputs). It subscribes
 * to the change channel and reloads the page when the project's generation is no longer the
 * one the page was rendered from. The server sends the current generation on connect too,
 * so a save made while the page was loading is not missed, and a restarted server reloads
 * the page. A WebSocket rather than Server-Sent Events: a browser keeps at most six HTTP
 * connections per host, and a translator with seven preview tabs open would see the seventh
 * hang. An external file rather than inline code, so the CSP can forbid inline scripts.
 */
export const LIVE_RELOAD_SCRIPT = `"use strict";
(() => {
  const rendered = document.currentScript && document.currentScript.dataset.generation;
  const root = document.documentElement;
  let delay = 250;
  const connect = () => {
    const socket = new WebSocket("ws://" + location.host + ${JSON.stringify(LIVE_RELOAD_PATH)});
    socket.addEventListener("message", (event) => {
      delay = 250;
      if (event.data === rendered) {
        root.dataset.tilpressLive = "connected";
        return;
      }
      root.dataset.tilpressLive = "reloading";
      socket.close();
      location.reload();
    });
    socket.addEventListener("close", () => {
      if (root.dataset.tilpressLive === "reloading") return;
      // The server stopped or restarted: try again, less and less often.
      root.dataset.tilpressLive = "reconnecting";
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    });
  };
  connect();
  const dismiss = () => { const overlay = document.getElementById("tilpress-overlay"); if (overlay) overlay.remove(); };
  document.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("[data-tilpress-dismiss]")) dismiss();
  });
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") dismiss(); });
})();
`;

/** The page with the live-reload script added at the end of its head. */
export function withLiveReload(html: string, generation: string): string {
  const tag = `<script src="${SCRIPT_PATH}" data-generation="${generation}" defer></script>\n`;
  const at = html.search(/<\/head>/i);
  return at < 0 ? tag + html : html.slice(0, at) + tag + html.slice(at);
}

/** RFC 6455's fixed GUID for the handshake's accept key. */
const WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

/** A server-to-client WebSocket frame: FIN set, unmasked, with an opcode and a short payload. */
function frame(opcode: number, payload: Buffer): Buffer {
  const head =
    payload.length < 126
      ? Buffer.from([0x80 | opcode, payload.length])
      : Buffer.from([0x80 | opcode, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([head, payload]);
}

/**
 * The open pages' WebSocket connections; each is told the project's generation on connect and
 * on every change. Only what the channel needs of RFC 6455: the handshake, text frames out,
 * pings to keep idle connections open, and the close frame. Pages send nothing else.
 */
export class LiveReloadHub {
  private readonly clients = new Set<Duplex>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private generation: string) {
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) client.write(frame(0x9, Buffer.alloc(0)));
    }, 15_000);
    this.heartbeat.unref();
  }

  get current(): string {
    return this.generation;
  }

  /** Finish the handshake of a checked upgrade request, or refuse one that is not a WebSocket. */
  accept(request: IncomingMessage, socket: Duplex): void {
    const key = request.headers["sec-websocket-key"];
    if (
      request.method !== "GET" ||
      request.headers.upgrade?.toLowerCase() !== "websocket" ||
      request.headers["sec-websocket-version"] !== "13" ||
      typeof key !== "string" ||
      !key
    ) {
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    const acceptKey = createHash("sha1")
      .update(key + WEBSOCKET_GUID)
      .digest("base64");
    const handshake = [
      "HTTP/1.1 101 Switching Protocols",
      "Upgrade: websocket",
      "Connection: Upgrade",
      `Sec-WebSocket-Accept: ${acceptKey}`,
    ];
    socket.write(`${handshake.join("\r\n")}\r\n\r\n`);
    socket.write(frame(0x1, Buffer.from(this.generation)));
    this.clients.add(socket);
    socket.on("data", (data: Buffer) => {
      // A close frame from the page: answer it and hang up. Pongs and anything else are ignored.
      if (((data[0] ?? 0) & 0x0f) === 0x8) {
        socket.end(frame(0x8, Buffer.alloc(0)));
        this.clients.delete(socket);
      }
    });
    socket.on("error", () => this.clients.delete(socket));
    socket.on("close", () => this.clients.delete(socket));
  }

  publish(generation: string): void {
    this.generation = generation;
    for (const client of this.clients) client.write(frame(0x1, Buffer.from(generation)));
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.destroy();
    this.clients.clear();
  }
}
