import type { ServerResponse } from "node:http";

/** Where a page subscribes to changes (Server-Sent Events) and where its script lives. */
export const EVENTS_PATH = "/__tilpress/events";
export const SCRIPT_PATH = "/__tilpress/live.js";

/**
 * The script the preview adds to the HTML it serves (never to build outputs). It subscribes
 * to the change events and reloads the page when the project's generation is no longer the
 * one the page was rendered from. The server sends the current generation on connect too,
 * so a save made while the page was loading is not missed. An external file rather than
 * inline code, so the Content-Security-Policy can forbid inline scripts.
 */
export const LIVE_RELOAD_SCRIPT = `"use strict";
(() => {
  const rendered = document.currentScript && document.currentScript.dataset.generation;
  const root = document.documentElement;
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  const check = (event) => {
    root.dataset.tilpressLive = "connected";
    if (event.data !== rendered) {
      events.close();
      location.reload();
    }
  };
  events.addEventListener("generation", check);
  events.addEventListener("error", () => { root.dataset.tilpressLive = "reconnecting"; });
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

/** The open pages' event streams; each is told the project's generation when it changes. */
export class LiveReloadHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(private generation: string) {
    // A comment now and then keeps proxies and idle timers from closing a quiet stream.
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) client.write(": keep-alive\n\n");
    }, 15_000);
    this.heartbeat.unref();
  }

  get current(): string {
    return this.generation;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  subscribe(response: ServerResponse, headers: Readonly<Record<string, string>>): void {
    response.writeHead(200, { ...headers, "Content-Type": "text/event-stream; charset=utf-8", Connection: "keep-alive" });
    response.write(`retry: 500\n${event(this.generation)}`);
    this.clients.add(response);
    response.on("close", () => this.clients.delete(response));
  }

  publish(generation: string): void {
    this.generation = generation;
    for (const client of this.clients) client.write(event(generation));
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}

const event = (generation: string) => `event: generation\ndata: ${generation}\n\n`;
