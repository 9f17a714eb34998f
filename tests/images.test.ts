import { execFileSync } from "node:child_process";
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { deflateSync } from "node:zlib";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../src/index.js";
import { edit, lineOf, parseHtml, png, PNG_SIGNATURE, pngChunk, SEED, SEED_DIR, withImage } from "./helpers.js";
import { selectOne } from "css-select";
import type { AnyNode, Element } from "domhandler";

const FACTS = `${SEED_DIR}/article.yaml`;

describe("images", () => {
  it("a PNG in the article's folder: one copy in assets/, an <img> with alt text, and a tagged Figure in the PDF", () => {
    const root = withImage("square.png", png(400, 225));
    const result = build({ root });
    expect(result.diagnostics).toEqual([]);
    const asset = result.outputs.filter((o) => o.format === "image");
    expect(asset.map((o) => o.path)).toEqual([`assets/${SEED}/square.png`]);
    const doc = parseHtml(result.outputs.find((o) => o.path === `kk/${SEED}/briefing.html`)!.contents);
    const img = cssSelect("figure.photo img", doc);
    expect(img?.attribs).toMatchObject({
      src: `../../assets/${SEED}/square.png`,
      alt: "Алматының орталық алаңындағы полиция тізбегі",
      width: "400",
      height: "225",
    });
    const dir = mkdtempSync(join(tmpdir(), "tilpress-img-"));
    const pdf = join(dir, "kk.pdf");
    writeFileSync(pdf, result.outputs.find((o) => o.path === `kk/${SEED}/briefing.pdf`)!.contents);
    const list = execFileSync("pdfimages", ["-list", pdf], { encoding: "utf8" });
    expect(list).toMatch(/\s400\s+225\s+rgb/);
    const qdf = join(dir, "kk-qdf.pdf");
    execFileSync("qpdf", ["--qdf", "--object-streams=disable", pdf, qdf]);
    const raw = execFileSync("cat", [qdf]).toString("latin1");
    const figures = raw.split("endobj").filter((o) => o.includes("/S /Figure"));
    expect(figures).toHaveLength(2);
    for (const f of figures) expect(f).toMatch(/\/Alt <feff/);
  });

  it("a photo parsed once for every language's PDF is embedded whole in each, with the bytes a build of that language alone makes", () => {
    const root = withImage("square.png", png(400, 225));
    // One build: one PDF engine sets en, kk and ru, and parses the photo once (src/pdf/paint.ts).
    const all = build({ root, formats: ["pdf"] });
    expect(all.diagnostics).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), "tilpress-img-"));
    for (const locale of ["en", "kk", "ru"]) {
      const contents = all.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.pdf`)!.contents;
      const pdf = join(dir, `${locale}.pdf`);
      writeFileSync(pdf, contents);
      const images = execFileSync("pdfimages", ["-list", pdf], { encoding: "utf8" }).trim().split("\n").slice(2);
      expect(images, locale).toHaveLength(1);
      expect(images[0], locale).toMatch(/\s400\s+225\s+rgb\s+3\s+8\s+image/);
      execFileSync("qpdf", ["--check", pdf]); // throws on a damaged file
      // A fresh engine that meets the photo first in this language's PDF makes the same bytes.
      const alone = build({ root, formats: ["pdf"], locales: [locale] });
      expect(alone.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.pdf`)!.contents.equals(contents)).toBe(
        true,
      );
    }
  });

  it.each([
    [
      "a palette PNG without its palette (no PLTE chunk)",
      {
        file: "indexed.png",
        make: () => {
          const ihdr = Buffer.alloc(13);
          ihdr.writeUInt32BE(4, 0);
          ihdr.writeUInt32BE(4, 4);
          ihdr[8] = 8; // bit depth
          ihdr[9] = 3; // colour type 3: palette
          return Buffer.concat([
            PNG_SIGNATURE,
            pngChunk("IHDR", ihdr),
            pngChunk("IDAT", deflateSync(Buffer.alloc(4 * 5))),
            pngChunk("IEND", Buffer.alloc(0)),
          ]);
        },
        message: /has no PLTE chunk/,
      },
    ],
    [
      "a truncated PNG",
      {
        file: "broken.png",
        make: () => png(40, 30).subarray(0, 60),
        message: /not a readable PNG/,
      },
    ],
    [
      "a PNG with a damaged checksum",
      {
        file: "crc.png",
        make: () => {
          const b = png(40, 30);
          b[40] = (b[40] ?? 0) ^ 0xff;
          return b;
        },
        message: /bad checksum/,
      },
    ],
    [
      "a JPEG that is not one",
      {
        file: "photo.jpg",
        make: () => Buffer.from("not a jpeg at all"),
        message: /not a readable JPEG/,
      },
    ],
    ["a GIF", { file: "anim.gif", make: () => Buffer.from("GIF89a"), message: /must be a \.png, \.jpg or \.jpeg/ }],
  ])("%s is an error naming the file and line, and nothing crashes", (_name, { file, make, message }) => {
    const root = withImage(file, make());
    const result = build({ root });
    const d = result.diagnostics.find((x) => x.code === "data/bad-image");
    expect(d).toMatchObject({ file: FACTS, pointer: "/images/0/file", line: lineOf(root, FACTS, `file: ${file}`) });
    expect(d?.message).toMatch(message);
    expect(result.outputs.filter((o) => o.article === SEED)).toEqual([]);
  });

  it("a file name with #, ? or % is refused at its line: the page's link to it would end there", () => {
    for (const file of ["a#b.png", "what?.png", "100%.png"]) {
      const root = withImage(file, png(4, 4));
      const result = build({ root });
      const d = result.diagnostics.find((x) => x.code === "data/bad-image");
      expect(d, file).toMatchObject({ file: FACTS, pointer: "/images/0/file", severity: "error" });
      expect(d?.message).toContain(`\`${file}\` is refused: a web page's link to it would end at`);
      expect(result.outputs.filter((o) => o.article === SEED)).toEqual([]);
    }
    // A name with letters of another script and a dash is fine.
    expect(
      build({ root: withImage("фото-1.png", png(4, 4)) }).diagnostics.filter((d) => d.severity === "error"),
    ).toEqual([]);
  });

  it("paths that leave the article's folder are refused", () => {
    for (const file of ["../../glossary.yaml", "/etc/passwd", "sub/../../x.png"]) {
      const root = withImage(file);
      expect(build({ root }).diagnostics.find((x) => x.code === "data/unsafe-path")?.actual, file).toBe(file);
    }
    const root = withImage("link.png");
    writeFileSync(join(root, "outside.png"), png(4, 4));
    symlinkSync(join(root, "outside.png"), join(root, SEED_DIR, "link.png"));
    expect(build({ root }).diagnostics.find((x) => x.code === "data/unsafe-path")?.message).toMatch(
      /link to a file outside/,
    );
  });

  it("an image without alt text in a locale is reported", () => {
    const root = withImage("square.png", png(40, 30));
    edit(root, `${SEED_DIR}/ru.md`, /^images:\n {2}rally-square: .*\n/m, "");
    expect(build({ root }).diagnostics.find((x) => x.code === "translation/missing-label")).toMatchObject({
      locale: "ru",
      file: `${SEED_DIR}/ru.md`,
    });
  });
});

function cssSelect(selector: string, root: AnyNode): Element | null {
  return selectOne<AnyNode, Element>(selector, root);
}
