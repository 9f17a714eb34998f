import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import type { Socket } from "node:net";
import { join } from "node:path";
import { selectAll, selectOne } from "css-select";
import { textContent } from "domutils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPreview, type PreviewServer } from "../src/preview/server.js";
import { edit, parseHtml, SEED, SEED_DIR, seedCopy, withoutSoftHyphens } from "./helpers.js";

/**
 * The preview's watcher against every way a file gets saved: the real server on a real copy
 * of the project, each edit made the way an editor or a tool makes it, and after each the
 * next reload event on the live-reload WebSocket and the new text in the page served.
 */

/** The live-reload channel as a page sees it: every generation the server sends, in order. */
class LiveChannel {
  readonly generations: string[] = [];
  private socket: Socket | undefined;
  private buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];

  static open(port: number): Promise<LiveChannel> {
    const channel = new LiveChannel();
    return new Promise((resolve, reject) => {
      const req = httpRequest({
        host: "127.0.0.1",
        port,
        path: "/__tilpress/live",
        headers: {
          Connection: "Upgrade",
          Upgrade: "websocket",
          "Sec-WebSocket-Version": "13",
          "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        },
      });
      req.on("upgrade", (_res, socket: Socket, head: Buffer) => {
        channel.socket = socket;
        socket.on("data", (data: Buffer) => channel.receive(data));
        if (head.length) channel.receive(head);
        resolve(channel);
      });
      req.on("response", (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
      req.on("error", reject);
      req.end();
    });
  }

  /** Server frames are unmasked and short (a generation): opcode, length, payload. */
  private receive(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    while (this.buffer.length >= 2) {
      const opcode = (this.buffer[0] ?? 0) & 0x0f;
      const length = (this.buffer[1] ?? 0) & 0x7f;
      if (length > 125) throw new Error("unexpected long frame");
      if (this.buffer.length < 2 + length) return;
      const payload = this.buffer.subarray(2, 2 + length).toString("utf8");
      this.buffer = this.buffer.subarray(2 + length);
      if (opcode === 0x1) this.generations.push(payload);
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Wait for a generation after the `seen` first ones; fails after `timeoutMs`. */
  async next(seen: number, timeoutMs = 8_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.generations.length <= seen) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no reload event within ${timeoutMs} ms (had ${seen})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.generations[seen] ?? "";
  }

  close(): void {
    this.socket?.destroy();
  }
}

async function get(path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(new URL(path, server.url));
  return { status: response.status, body: await response.text() };
}

/** The page's headline as a reader sees it (no-break spaces read as spaces). */
async function headline(path: string): Promise<string> {
  const { status, body } = await get(path);
  expect(status, body.slice(0, 500)).toBe(200);
  const h1 = selectOne("article h1", parseHtml(body).children);
  return withoutSoftHyphens(textContent(h1 ?? [])).replace(/[\u00a0\u202f]/g, " ");
}

let root: string;
let server: PreviewServer;
let channel: LiveChannel;
const changes: (readonly string[])[] = [];
const EN = `${SEED_DIR}/en.md`;
const PAGE = `/en/${SEED}/briefing.html`;
const ORIGINAL = "More Than 100 Detained";

beforeAll(async () => {
  root = seedCopy();
  server = await startPreview({ build: { root, formats: ["html"] }, port: 0, onChange: (c) => changes.push(c) });
  channel = await LiveChannel.open(server.port);
  await channel.next(0);
});

afterAll(async () => {
  channel?.close();
  await server?.close();
});

/**
 * Make one edit, then wait for the reload event it causes. Returns the paths the server said
 * changed. Waits a little first so that each edit is its own burst.
 */
async function afterEdit(change: () => void): Promise<readonly string[]> {
  const seen = channel.generations.length;
  const reported = changes.length;
  change();
  await channel.next(seen);
  return changes.slice(reported).flat();
}

/** The English source text with the headline's last word replaced. */
function englishWith(word: string, file = join(root, EN)): string {
  const text = readFileSync(file, "utf8");
  return text.replace(/^headline: More Than 100 \S+/m, `headline: More Than 100 ${word}`);
}

describe("preview watching: every way a file is saved reloads the page with the new text", () => {
  it("an in-place write", async () => {
    expect(await headline(PAGE)).toContain(ORIGINAL);
    const changed = await afterEdit(() => writeFileSync(join(root, EN), englishWith("Held")));
    expect(changed).toContain(join(root, EN));
    expect(await headline(PAGE)).toContain("More Than 100 Held");
  });

  it("an atomic save (a temp file renamed over the file), then every later save too", async () => {
    for (const word of ["Arrested", "Stopped", "Taken"]) {
      await afterEdit(() => {
        const temp = join(root, SEED_DIR, `.en.md.${word}.tmp`);
        writeFileSync(temp, englishWith(word));
        renameSync(temp, join(root, EN));
      });
      expect(await headline(PAGE)).toContain(`More Than 100 ${word}`);
    }
    // A plain write after the file's inode was replaced is still seen.
    await afterEdit(() => writeFileSync(join(root, EN), englishWith("Seized")));
    expect(await headline(PAGE)).toContain("More Than 100 Seized");
  });

  it("the real `sed -i`, twice in a row, and a plain write after it", async () => {
    await afterEdit(() =>
      execFileSync("sed", ["-i", "s/More Than 100 Seized/More Than 100 Rounded Up/", join(root, EN)]),
    );
    expect(await headline(PAGE)).toContain("More Than 100 Rounded Up");
    await afterEdit(() => execFileSync("sed", ["-i", "s/Rounded Up/Picked Up/", join(root, EN)]));
    expect(await headline(PAGE)).toContain("More Than 100 Picked Up");
    await afterEdit(() => writeFileSync(join(root, EN), englishWith("Detained")));
    expect(await headline(PAGE)).toContain(ORIGINAL);
  });

  it("a file deleted (the page is not built), then created again with new text", async () => {
    const text = englishWith("Questioned");
    await afterEdit(() => unlinkSync(join(root, EN)));
    const gone = await get(PAGE);
    expect(gone.status).toBe(404);
    expect(gone.body).toContain(`Not built: no en text for ${SEED}`);
    await afterEdit(() => writeFileSync(join(root, EN), text));
    expect(await headline(PAGE)).toContain("More Than 100 Questioned");
  });

  it("a file renamed away and back (with an edit in between)", async () => {
    const away = join(root, SEED_DIR, "en.md.bak");
    await afterEdit(() => renameSync(join(root, EN), away));
    expect((await get(PAGE)).status).toBe(404);
    writeFileSync(away, englishWith("Fined", away));
    await afterEdit(() => renameSync(away, join(root, EN)));
    expect(await headline(PAGE)).toContain("More Than 100 Fined");
  });

  it("a new article folder appearing, and an edit inside it afterwards", async () => {
    const id = "kazakhstan-rallies-copy-2020-02-22";
    const dir = join(root, "data", "articles", id);
    await afterEdit(() => {
      mkdirSync(dir);
      cpSync(join(root, SEED_DIR), dir, { recursive: true });
      edit(root, `data/articles/${id}/article.yaml`, `id: ${SEED}`, `id: ${id}`);
    });
    const index = parseHtml((await get("/")).body);
    expect(selectAll(`h2#article-${id}`, index.children)).toHaveLength(1);
    const page = `/en/${id}/briefing.html`;
    expect(await headline(page)).toContain("More Than 100 Fined");
    await afterEdit(() =>
      execFileSync("sed", ["-i", "s/More Than 100 Fined/More Than 100 Released/", join(dir, "en.md")]),
    );
    expect(await headline(page)).toContain("More Than 100 Released");
  });

  it("a burst of saves (five writes and a rename, like a `git checkout`) is one reload", async () => {
    const seen = channel.generations.length;
    const changed = await afterEdit(() => {
      for (const word of ["One", "Two", "Three", "Four", "Five"]) writeFileSync(join(root, EN), englishWith(word));
      const temp = join(root, SEED_DIR, ".en.md.burst");
      writeFileSync(temp, englishWith("Fined"));
      renameSync(temp, join(root, EN));
    });
    expect(changed).toContain(join(root, EN));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(channel.generations.length).toBe(seen + 1);
    expect(await headline(PAGE)).toContain("More Than 100 Fined");
  });

  it("a whole watched folder removed and made again (templates/), and files outside the watched ones ignored", async () => {
    const templates = join(root, "templates");
    const kept = join(root, "templates.kept");
    // Without templates/ the package's own serve; the page is still built.
    await afterEdit(() => renameSync(templates, kept));
    expect(await headline(PAGE)).toContain("More Than 100 Fined");
    const briefing = join(kept, "briefing.hbs");
    writeFileSync(briefing, readFileSync(briefing, "utf8").replace("<h1", '<h1 data-watched="yes"'));
    await afterEdit(() => renameSync(kept, templates));
    expect((await get(PAGE)).body).toContain('data-watched="yes"');

    // The folder renamed back can report its files after that reload (once, in a full suite
    // run on a loaded machine: two more generations): wait until none came for 600 ms.
    let seen = channel.generations.length;
    for (let quiet = 0; quiet < 3;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      if (channel.generations.length === seen) quiet++;
      else [seen, quiet] = [channel.generations.length, 0];
    }
    // Output, cache and staging folders and anything outside data/, locales/, templates/: no reload.
    mkdirSync(join(root, "dist", ".tilpress-staging"), { recursive: true });
    writeFileSync(join(root, "dist", "index.html"), "x");
    mkdirSync(join(root, ".tilpress-cache"));
    writeFileSync(join(root, ".tilpress-cache", "entry"), "x");
    writeFileSync(join(root, "notes.txt"), "x");
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(channel.generations.length).toBe(seen);
  });
});
