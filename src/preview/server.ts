import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { UsageError } from "../core/errors.js";
import { NEWSLETTER_DIR } from "../core/paths.js";
import { STAGING_DIR } from "../emit/writeOutputs.js";
import { buildNewsletterOutputs } from "../build/newsletters.js";
import { resolveConfig, PROJECT_CONFIG_FILE, type BuildOptions, type ResolvedConfig } from "../config.js";
import {
  ALLOWED_METHODS,
  CONTENT_SECURITY_POLICY,
  isOwnHost,
  isSameOrigin,
  PREVIEW_HOST,
  SECURITY_HEADERS,
} from "./guard.js";
import { LIVE_RELOAD_SCRIPT, LiveReloadHub, withLiveReload } from "./liveReload.js";
import { PreviewRenderer, type PreviewSource } from "./renderer.js";
import { routeOf } from "./routes.js";
import { parseRequestPath } from "./safePath.js";
import { watchProject } from "./watch.js";

export interface PreviewOptions {
  /** Project folder (default: the current folder), and what to build, as for `build()`. */
  readonly build?: BuildOptions;
  /** Outputs beside the articles' (default: the newsletter issues): served, listed and checked like pages. */
  readonly sources?: readonly PreviewSource[];
  /** 0 picks a free port. */
  readonly port?: number;
  /** Told about each change that reloads the open pages. */
  readonly onChange?: (changed: readonly string[]) => void;
}

export interface PreviewServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export const DEFAULT_PREVIEW_PORT = 4780;

/**
 * `tilpress preview`: a server on 127.0.0.1 that renders pages from memory on request and
 * reloads the open ones when data/, locales/ or templates/ change.
 */
export async function startPreview(options: PreviewOptions = {}): Promise<PreviewServer> {
  const buildOptions = options.build ?? {};
  const config = resolveConfig(buildOptions);
  // The newsletter issues are served beside the articles' pages, built the way `build` builds them.
  const sources = options.sources ?? [
    {
      prefix: NEWSLETTER_DIR,
      title: "Newsletters",
      build: async (c: ResolvedConfig, setUp) => {
        // An email is read away from the preview: it links to the published pages, under the
        // project's baseUrl (the preview's own pages link relatively).
        const published = { ...c, baseUrl: resolveConfig({ ...buildOptions, root: c.root }).baseUrl };
        const { outputs, diagnostics, notBuilt = [] } = await buildNewsletterOutputs(published, [], setUp);
        return { outputs, diagnostics, notBuilt: notBuilt.map(({ issue, ...rest }) => ({ name: issue, ...rest })) };
      },
    },
  ];
  const renderer = new PreviewRenderer({ ...buildOptions, root: config.root }, sources);
  let changes = 0;
  const stamp = Date.now().toString(36);
  const hub = new LiveReloadHub(`${stamp}-0`);
  const watcher = await watchProject({
    root: config.root,
    // locales/ and templates/ even when the project has none yet: the package's serve until they appear.
    folders: ["data", "locales", "templates"],
    files: [PROJECT_CONFIG_FILE],
    ignoredNames: IGNORED_FOLDERS,
    onChange: (changed) => {
      renderer.invalidate();
      hub.publish(`${stamp}-${++changes}`);
      options.onChange?.(changed);
    },
  });

  let port = 0;
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // Never let one request take the server down.
      if (!response.headersSent)
        send(response, request, {
          status: 500,
          type: PLAIN_TEXT,
          body: Buffer.from(`Internal error: ${error instanceof Error ? error.message : String(error)}\n`),
        });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isOwnHost(request.headers.host, port))
      return send(response, request, { status: 403, type: PLAIN_TEXT, body: Buffer.from("Forbidden: unknown Host\n") });
    if (!(ALLOWED_METHODS as readonly string[]).includes(request.method ?? "")) {
      return send(response, request, {
        status: 405,
        type: PLAIN_TEXT,
        body: Buffer.from("Method not allowed\n"),
        headers: { Allow: ALLOWED_METHODS.join(", ") },
      });
    }
    const path = parseRequestPath(request.url);
    if (!path.ok)
      return send(response, request, { status: path.status, type: PLAIN_TEXT, body: Buffer.from(`${path.reason}\n`) });
    const route = routeOf(path.segments);
    switch (route.kind) {
      case "live-reload":
        return send(response, request, {
          status: 426,
          type: PLAIN_TEXT,
          body: Buffer.from("The live-reload channel is a WebSocket\n"),
          headers: { Upgrade: "websocket" },
        });
      case "live-reload-script":
        return send(response, request, {
          status: 200,
          type: "text/javascript; charset=utf-8",
          body: Buffer.from(LIVE_RELOAD_SCRIPT),
        });
      default: {
        const rendered = await renderer.render(route);
        const body = rendered.html
          ? Buffer.from(withLiveReload(rendered.body.toString("utf8"), hub.current))
          : rendered.body;
        return send(response, request, { status: rendered.status, type: rendered.type, body });
      }
    }
  }

  // The live-reload channel: the same Host rule, its own path only, and its own Origin only.
  server.on("upgrade", (request: IncomingMessage, socket: Duplex) => {
    socket.on("error", () => socket.destroy());
    const path = parseRequestPath(request.url);
    const refuse = (status: string) =>
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    if (!isOwnHost(request.headers.host, port) || !isSameOrigin(request)) return refuse("403 Forbidden");
    if (!path.ok || routeOf(path.segments).kind !== "live-reload") return refuse("404 Not Found");
    hub.accept(request, socket);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      void watcher.close();
      hub.close();
      reject(
        error.code === "EADDRINUSE"
          ? new UsageError(`Port ${options.port ?? DEFAULT_PREVIEW_PORT} is in use: pick another with --port`)
          : error,
      );
    });
    server.listen(options.port ?? DEFAULT_PREVIEW_PORT, PREVIEW_HOST, () => {
      server.removeAllListeners("error");
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${PREVIEW_HOST}:${port}/`,
    port,
    close: () =>
      Promise.all([
        watcher.close(),
        new Promise<void>((resolve) => {
          hub.close();
          server.close(() => resolve());
          server.closeAllConnections();
        }),
      ]).then(() => undefined),
  };
}

/** Never watched, wherever they are: output, cache and staging folders, and tools' own. */
const IGNORED_FOLDERS = ["dist", ".tilpress-cache", STAGING_DIR, "node_modules", ".git"];

const PLAIN_TEXT = "text/plain; charset=utf-8";

/** One response: its status, content type and body, and any headers beyond the security ones. */
interface Reply {
  readonly status: number;
  readonly type: string;
  readonly body: Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

function send(response: ServerResponse, request: IncomingMessage, reply: Reply): void {
  const { status, type, body, headers = {} } = reply;
  response.writeHead(status, {
    ...SECURITY_HEADERS,
    // A PDF is shown by the browser's own viewer, which a page policy can break; everything else gets it.
    ...(type === "application/pdf" ? {} : { "Content-Security-Policy": CONTENT_SECURITY_POLICY }),
    "Content-Type": type,
    "Content-Length": String(body.length),
    ...headers,
  });
  response.end(request.method === "HEAD" ? undefined : body);
}
