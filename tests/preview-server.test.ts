import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../src/index.js";
import { parseRequestPath } from "../src/preview/safePath.js";
import { startPreview, type PreviewServer } from "../src/preview/server.js";
import { png, SEED, SEED_DIR, withImage } from "./helpers.js";

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * One raw HTTP request: the path goes on the wire exactly as written (no URL normalization),
 * and the Host header is whatever the test says.
 */
function raw(
  port: number,
  path: string,
  options: { method?: string; host?: string | null; headers?: Record<string, string> } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const host = options.host === undefined ? `127.0.0.1:${port}` : options.host;
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path,
        method: options.method ?? "GET",
        setHost: false,
        headers: { ...(host === null ? {} : { Host: host }), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** A WebSocket handshake on the live-reload path; on 101, the first frame the server sends. */
function handshake(
  port: number,
  headers: Record<string, string> = {},
): Promise<{ status: number; firstFrame?: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: "127.0.0.1",
      port,
      path: "/__tilpress/live",
      setHost: false,
      headers: {
        Host: `127.0.0.1:${port}`,
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        ...headers,
      },
    });
    req.on("upgrade", (res, socket, head) => {
      expect(res.headers["sec-websocket-accept"]).toBe("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
      const done = (data: Buffer) => {
        resolve({ status: res.statusCode ?? 0, firstFrame: data });
        socket.destroy();
      };
      if (head.length) done(head);
      else socket.once("data", done);
    });
    req.on("response", (res) => {
      resolve({ status: res.statusCode ?? 0 });
      res.destroy();
    });
    req.on("error", reject);
    req.end();
  });
}

let root: string;
let server: PreviewServer;

beforeAll(async () => {
  root = withImage("square.png", png(40, 30));
  server = await startPreview({ build: { root, articles: [SEED] }, port: 0 });
});

afterAll(async () => {
  await server?.close();
});

describe("preview: what it serves, from memory", () => {
  it("listens on 127.0.0.1 only", () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  });

  it("serves the index, each page as HTML with the live-reload script, and as PDF; writes no dist/", async () => {
    const index = await raw(server.port, "/");
    expect(index.status).toBe(200);
    for (const locale of ["en", "kk", "ru"]) {
      for (const template of ["briefing"]) {
        for (const format of ["html", "pdf"])
          expect(index.body.toString()).toContain(`href="/${locale}/${SEED}/${template}.${format}"`);
      }
    }
    const page = await raw(server.port, `/kk/${SEED}/briefing.html`);
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    const html = page.body.toString();
    expect(html).toContain('<html lang="kk"');
    expect(html).toMatch(/<script src="\/__tilpress\/live\.js" data-generation="[^"]+" defer><\/script>\n<\/head>/);
    // The same page as the build makes it, but for the script.
    const built = build({
      root,
      articles: [SEED],
      locales: ["en", "kk", "ru"],
      templates: ["briefing"],
      formats: ["html"],
    }).outputs.find((o) => o.path === `kk/${SEED}/briefing.html`);
    expect(html.replace(/<script[^>]*><\/script>\n/, "")).toBe(built?.contents.toString());
    expect(built?.contents.toString()).not.toContain("__tilpress");

    const pdf = await raw(server.port, `/ru/${SEED}/briefing.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(existsSync(join(root, "dist"))).toBe(false);
    expect(existsSync(join(root, ".tilpress-cache"))).toBe(false);
  });

  it("serves an article's image from the build, and HEAD answers like GET without a body", async () => {
    const image = await raw(server.port, `/assets/${SEED}/square.png`);
    expect(image.status).toBe(200);
    expect(image.headers["content-type"]).toBe("image/png");
    expect(image.body.equals(readFileSync(join(root, SEED_DIR, "square.png")))).toBe(true);
    const head = await raw(server.port, `/assets/${SEED}/square.png`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers["content-length"]).toBe(String(image.body.length));
    expect(head.body.length).toBe(0);
  });

  it("unknown pages, locales, templates and articles are 404", async () => {
    for (const path of [
      `/de/${SEED}/briefing.html`,
      `/en/${SEED}/newsletter.html`,
      // A news item has no press release (src/model/kinds.ts).
      `/en/${SEED}/press-release.html`,
      "/en/no-such-story/briefing.html",
      `/en/${SEED}/briefing.docx`,
      "/nothing",
      "/manifest.json.bak",
    ]) {
      expect([path, (await raw(server.port, path)).status]).toEqual([path, 404]);
    }
  });

  it("sets security headers: a CSP that allows only this server's script, nosniff, no framing, no caching", async () => {
    const page = await raw(server.port, `/en/${SEED}/briefing.html`);
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(page.headers["content-security-policy"]).toContain("default-src 'none'");
    expect(page.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
    expect(page.headers["x-frame-options"]).toBe("DENY");
    expect(page.headers["cache-control"]).toBe("no-store");
    const script = await raw(server.port, "/__tilpress/live.js");
    expect(script.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(script.body.toString()).toContain("new WebSocket(");
  });
});

describe("preview: safe by default", () => {
  it("refuses a foreign Host (DNS rebinding), a missing one and another port; takes 127.0.0.1 and localhost", async () => {
    for (const host of [
      "evil.example",
      `evil.example:${server.port}`,
      `127.0.0.1:${server.port + 1}`,
      "127.0.0.1",
      `127.0.0.1.nip.io:${server.port}`,
      `[::1]:${server.port}`,
    ]) {
      expect([host, (await raw(server.port, "/", { host })).status]).toEqual([host, 403]);
    }
    // Node itself answers an HTTP/1.1 request without Host with 400.
    expect((await raw(server.port, "/", { host: null })).status).toBe(400);
    expect((await raw(server.port, "/", { host: `localhost:${server.port}` })).status).toBe(200);
    expect((await raw(server.port, "/", { host: `LOCALHOST:${server.port}` })).status).toBe(200);
  });

  it("the live-reload WebSocket takes no Origin or its own, and refuses any other", async () => {
    const own = await handshake(server.port);
    expect(own.status).toBe(101);
    // The first frame: a text frame holding the project's generation.
    expect(own.firstFrame?.[0]).toBe(0x81);
    expect(own.firstFrame?.subarray(2).toString()).toMatch(/^[a-z0-9]+-\d+$/);
    expect((await handshake(server.port, { Origin: `http://127.0.0.1:${server.port}` })).status).toBe(101);
    for (const origin of [
      "http://evil.example",
      `http://localhost:${server.port}`,
      `https://127.0.0.1:${server.port}`,
      "null",
    ]) {
      expect([origin, (await handshake(server.port, { Origin: origin })).status]).toEqual([origin, 403]);
    }
    // A foreign Host is refused here too, and a plain GET is not a subscription.
    expect((await handshake(server.port, { Host: "evil.example" })).status).toBe(403);
    expect((await raw(server.port, "/__tilpress/live")).status).toBe(426);
  });

  it("GET and HEAD only: anything else is 405 with Allow", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"]) {
      const r = await raw(server.port, `/en/${SEED}/briefing.html`, { method });
      expect([method, r.status, r.headers["allow"]]).toEqual([method, 405, "GET, HEAD"]);
    }
  });

  it("no path leads out of what is served: traversal in every spelling is 403 or 404", async () => {
    const attempts = [
      "/../package.json",
      "/../../etc/passwd",
      "/en/../../data/glossary.yaml",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/%2E%2E/package.json",
      "/.%2e/package.json",
      `/assets/${SEED}/..%2farticle.yaml`,
      `/assets/${SEED}/..%2Farticle.yaml`,
      `/assets/${SEED}/..%5carticle.yaml`,
      `/assets/${SEED}/..\\article.yaml`,
      `/assets/%2e%2e/articles/${SEED}/article.yaml`,
      "/en%00.html",
      `/en/${SEED}/briefing.html%00.pdf`,
      "//etc/passwd",
      "/data/glossary.yaml",
      `/data/articles/${SEED}/article.yaml`,
      `/assets/${SEED}/article.yaml`,
      `/assets/${SEED}/en.md`,
      "/.tilpress-cache/",
      "/.git/config",
      "/%252e%252e/package.json",
    ];
    // The start of files an escape would reach: none may show up in any answer.
    const secrets = [
      readFileSync("/etc/passwd", "utf8").slice(0, 20),
      readFileSync(join(root, "data/glossary.yaml"), "utf8").slice(0, 60),
      readFileSync(join(root, SEED_DIR, "article.yaml"), "utf8").slice(0, 60),
      '"name": "tilpress"',
    ];
    for (const path of attempts) {
      const r = await raw(server.port, path);
      expect([path, [403, 404].includes(r.status)]).toEqual([path, true]);
      for (const secret of secrets) expect(r.body.toString()).not.toContain(secret);
    }
    // A request target that is not a path at all.
    expect((await raw(server.port, "http://evil.example/")).status).toBe(400);
  });

  it("symlinks out of the project are not followed: an image, a folder in an article, an article folder", async () => {
    // A project of its own: a link out of an article's folder is an error that blocks the article
    // (data/link-outside), and nothing behind any of the links is served.
    const linked = withImage("square.png", png(40, 30));
    const outside = mkdtempSync(join(tmpdir(), "tilpress-outside-"));
    cpSync(join(linked, SEED_DIR), join(outside, "story"), { recursive: true });
    symlinkSync(join(outside, "story", "square.png"), join(linked, SEED_DIR, "linked.png"));
    symlinkSync(outside, join(linked, SEED_DIR, "outside"));
    symlinkSync(join(outside, "story"), join(linked, "data", "articles", "linked-story"));
    const server = await startPreview({ build: { root: linked, articles: [SEED] }, port: 0 });
    const page = await raw(server.port, `/en/${SEED}/briefing.html`);
    expect(page.body.toString()).toContain("data/link-outside");
    for (const path of [
      `/assets/${SEED}/linked.png`,
      `/assets/${SEED}/outside/story/square.png`,
      `/assets/${SEED}/outside/story/article.yaml`,
      "/en/linked-story/briefing.html",
      "/assets/linked-story/square.png",
    ]) {
      expect([path, [403, 404].includes((await raw(server.port, path)).status)]).toEqual([path, true]);
    }
    await server.close();
    rmSync(outside, { recursive: true, force: true });
  });
});

describe("preview: outputs from another source (the newsletter issues)", () => {
  it("are served by path with live reload, listed on the index, and their errors shown as an overlay", async () => {
    const email =
      '<!DOCTYPE html>\n<html lang="kk">\n<head>\n<title>Апталық шолу</title>\n</head>\n<body>\n<p>Апталық шолу</p>\n</body>\n</html>\n';
    let builds = 0;
    const preview = await startPreview({
      build: { root, articles: [SEED] },
      port: 0,
      sources: [
        {
          prefix: "newsletter",
          build: async () => {
            builds++;
            return {
              outputs: [
                {
                  path: "newsletter/weekly/kk.html",
                  format: "html",
                  locale: "kk",
                  title: "Апталық шолу",
                  contents: Buffer.from(email),
                },
              ],
              diagnostics: [],
            };
          },
        },
        {
          prefix: "digest",
          build: async () => ({
            outputs: [],
            diagnostics: [
              {
                code: "digest/broken",
                severity: "error",
                message: "Unknown article <id>",
                file: "data/glossary.yaml",
                line: 2,
                column: 3,
              },
            ],
          }),
        },
      ],
    });
    try {
      const index = (await raw(preview.port, "/")).body.toString();
      // Each source has its section: a row per item × locale, each file labelled by its format.
      expect(index).toContain(
        '<tr data-locale="kk" data-name="weekly"><th scope="row">weekly</th><td lang="kk">Қазақша</td><td><span lang="kk">Апталық шолу</span></td><td class="status">built</td><td><a href="/newsletter/weekly/kk.html" aria-label="HTML: weekly, Қазақша">HTML</a></td></tr>',
      );
      // A source that built nothing says so, with its errors, escaped.
      expect(index).toContain('<h2 id="source-digest">digest</h2><p>Nothing built:</p>');
      expect(index).toContain("Unknown article &#60;id&#62;");
      const issue = await raw(preview.port, "/newsletter/weekly/kk.html");
      expect(issue.status).toBe(200);
      expect(issue.body.toString()).toContain('<script src="/__tilpress/live.js"');
      expect(issue.body.toString().replace(/<script[^>]*><\/script>\n/, "")).toBe(email);
      expect((await raw(preview.port, "/newsletter/weekly/ru.html")).status).toBe(404);
      // Built once, then served from memory.
      expect(builds).toBe(1);
      const broken = await raw(preview.port, "/digest/weekly/en.html");
      expect(broken.status).toBe(500);
      expect(broken.body.toString()).toContain('<span class="where">data/glossary.yaml:2:3</span>');
      expect(broken.body.toString()).toContain("Unknown article &#60;id&#62;");
    } finally {
      await preview.close();
    }
  });
});

describe("parseRequestPath", () => {
  it("decodes segments and refuses what could escape", () => {
    expect(parseRequestPath("/kk/story/briefing.html?x=1")).toEqual({
      ok: true,
      segments: ["kk", "story", "briefing.html"],
    });
    expect(parseRequestPath("/assets/story/%D1%84%D0%BE%D1%82%D0%BE.png")).toEqual({
      ok: true,
      segments: ["assets", "story", "фото.png"],
    });
    expect(parseRequestPath("/")).toEqual({ ok: true, segments: [] });
    for (const bad of [
      "/a/../b",
      "/a/%2e%2E/b",
      "/a/./b",
      "/a%2fb",
      "/a%5Cb",
      "/a\\b",
      "/a%00",
      "/a//b",
      "/%0a",
      "/%E0%A4%A",
    ]) {
      expect([bad, parseRequestPath(bad).ok]).toEqual([bad, false]);
    }
  });
});
