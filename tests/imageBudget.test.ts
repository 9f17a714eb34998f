import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createDeflate } from "node:zlib";
import { describe, expect, it } from "vitest";
import { lineOf, png, pngChunk, REPO, SEED, SEED_DIR, withImage } from "./helpers.js";

/**
 * Images within a budget: the size is read from the header before anything is decoded, so a
 * decompression bomb is refused at once and in little memory; the article's images together
 * stay within a decoded-bytes budget. Both limits are in tilpress.config.json.
 */

const BIN = join(REPO, "bin/tilpress.js");
const TIME = "/usr/bin/time";
const FACTS = `${SEED_DIR}/article.yaml`;

interface JsonDiagnostic {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly file?: string;
  readonly line?: number;
  readonly pointer?: string;
  readonly article?: string;
}

/** The CLI under /usr/bin/time (peak RSS in KB), with the JSON reporter. */
function tilpress(args: string[]) {
  const withTime = existsSync(TIME);
  const r = spawnSync(
    withTime ? TIME : process.execPath,
    [...(withTime ? ["-f", "peak-rss-kb=%M", process.execPath] : []), BIN, ...args, "--reporter", "json"],
    { encoding: "utf8", timeout: 120_000, killSignal: "SIGKILL" },
  );
  const rss = /peak-rss-kb=(\d+)/.exec(r.stderr);
  return {
    status: r.status,
    stderr: r.stderr,
    peakMb: rss ? Number(rss[1]) / 1024 : undefined,
    // Less check's publishing warning: these projects have no baseUrl, and it is not what is tested here.
    diagnostics: (r.stdout ? (JSON.parse(r.stdout) as { diagnostics: JsonDiagnostic[] }).diagnostics : []).filter(
      (d) => d.code !== "site/no-base-url",
    ),
  };
}

const chunk = pngChunk;

/** A valid-looking grey PNG of width × height whose pixels compress to almost nothing, made without holding them. */
async function bomb(width: number, height: number): Promise<Buffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // 8-bit grey
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on("data", (d: Buffer) => parts.push(d));
  const row = Buffer.alloc(width + 1);
  for (let y = 0; y < height; y++) if (!deflate.write(row)) await new Promise((r) => deflate.once("drain", r));
  await new Promise((r) => deflate.end(r));
  const real = png(1, 1); // borrow the signature and a checked IEND
  return Buffer.concat([
    real.subarray(0, 8),
    chunk("IHDR", ihdr),
    chunk("IDAT", Buffer.concat(parts)),
    real.subarray(-12),
  ]);
}

describe("images within a budget", () => {
  it("a 15000 × 15000 PNG of a few hundred KB is refused from its header, in little memory", async () => {
    const data = await bomb(15_000, 15_000);
    expect(data.length).toBeLessThan(1024 * 1024);
    const root = withImage("bomb.png", data);
    const r = tilpress(["build", "--root", root, "--jobs", "1"]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "data/image-too-large",
        file: FACTS,
        line: lineOf(root, FACTS, "file: bomb.png"),
        pointer: "/images/0/file",
        article: SEED,
        message:
          "Image `bomb.png` is 15000 × 15000 (225 megapixels), over the limit of 24 megapixels; decoding it would take 214.6 MB",
      }),
    ]);
    expect(r.diagnostics[0]?.hint).toMatch(
      /about 2000 px \(the page.s text width at 300 dpi\): scale it down to that width, or raise limits.imagePixels/,
    );
    // Decoding it whole would be 215 MB on top of the ~150 MB a one-article build takes.
    if (r.peakMb !== undefined) expect(r.peakMb).toBeLessThan(300);
  }, 120_000);

  it("the pixel limit and the article's decoded-bytes budget come from tilpress.config.json", () => {
    const root = withImage("square.png", png(400, 300));
    writeFileSync(join(root, "tilpress.config.json"), JSON.stringify({ limits: { imagePixels: 100_000 } }));
    let r = tilpress(["check", "--root", root]);
    expect(r.status).toBe(1);
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        "data/image-too-large",
        "Image `square.png` is 400 × 300 (0.1 megapixels), over the limit of 0.1 megapixels; decoding it would take 469.0 KB",
      ],
    ]);
    // 400 × 300 RGBA with a filter byte a row: 480 300 bytes decoded, over a budget of 400 000.
    writeFileSync(
      join(root, "tilpress.config.json"),
      JSON.stringify({ limits: { imagePixels: 200_000, imageDecodedBytesPerArticle: 400_000 } }),
    );
    r = tilpress(["check", "--root", root]);
    expect(r.status).toBe(1);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        code: "data/images-over-budget",
        pointer: "/images/0/file",
        message: "Image `square.png` takes the article's images to 469.0 KB decoded, over the budget of 390.6 KB",
      }),
    ]);
    expect(r.diagnostics[0]?.hint).toContain("limits.imageDecodedBytesPerArticle");
    writeFileSync(
      join(root, "tilpress.config.json"),
      JSON.stringify({ limits: { imageDecodedBytesPerArticle: 500_000 } }),
    );
    expect(tilpress(["check", "--root", root]).status).toBe(0);
  });
});
