import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sourceHash } from "../src/validate/sourceHash.js";
import { edit, runCli, SEED, SEED_DIR, seedCopy, tempDir } from "./helpers.js";

/** The seed copy with its English changed: every translation is stale, so `review` rewrites them. */
function staleSeed(): { root: string; hash: string } {
  const root = seedCopy();
  edit(root, `${SEED_DIR}/en.md`, "sealing off the square", "sealing off the central square");
  return { root, hash: sourceHash(readFileSync(join(root, SEED_DIR, "en.md"), "utf8")) };
}

const SOURCE_LINE = /^source: "[0-9a-f]{12}"(?=\r?\n)/m;

describe("tilpress review writes the files it reviews", () => {
  it("writes through a symlinked translation to its target, and the link stays a link", () => {
    const { root, hash } = staleSeed();
    const kk = join(root, SEED_DIR, "kk.md");
    mkdirSync(join(root, "translations"));
    renameSync(kk, join(root, "translations", "kk.md"));
    const link = "../../../translations/kk.md";
    symlinkSync(link, kk);
    const before = readFileSync(join(root, "translations", "kk.md"), "utf8");
    expect(before).toMatch(SOURCE_LINE);
    expect(before).not.toContain(hash);

    const r = runCli(["review", "--root", root, "--locale", "kk"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Marked reviewed: ${SEED_DIR}/kk.md\n`);
    expect(lstatSync(kk).isSymbolicLink()).toBe(true);
    expect(readlinkSync(kk)).toBe(link);
    expect(readFileSync(join(root, "translations", "kk.md"), "utf8")).toBe(
      before.replace(SOURCE_LINE, `source: "${hash}"`),
    );
    const check = runCli(["check", "--root", root, "--article", SEED, "--reporter", "json"]);
    const stale = (JSON.parse(check.stdout) as { diagnostics: { code: string; locale: string }[] }).diagnostics
      .filter((d) => d.code === "translation/stale")
      .map((d) => d.locale);
    expect(stale).toEqual(["ru"]);
  }, 60_000);

  it("refuses a translation linked to a file outside the project, naming it, and changes nothing", () => {
    const { root } = staleSeed();
    const kk = join(root, SEED_DIR, "kk.md");
    const outside = join(tempDir(), "kk.md");
    renameSync(kk, outside);
    symlinkSync(outside, kk);
    const before = readFileSync(outside);

    const r = runCli(["review", "--root", root, "--locale", "kk"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`\`${SEED_DIR}/kk.md\` is a link to ${outside}, outside the project`);
    expect(lstatSync(kk).isSymbolicLink()).toBe(true);
    expect(readFileSync(outside).equals(before)).toBe(true);
  });

  it("keeps a CRLF file's line endings, its byte order mark and its mode", () => {
    const { root, hash } = staleSeed();
    const ru = join(root, SEED_DIR, "ru.md");
    const kk = join(root, SEED_DIR, "kk.md");
    // ru.md: CRLF with a BOM, its source line replaced; kk.md: CRLF with no source line, one added.
    const ruBefore = "\uFEFF" + readFileSync(ru, "utf8").replaceAll("\n", "\r\n");
    const kkBefore = readFileSync(kk, "utf8")
      .replace(/^source: .*\n/m, "")
      .replaceAll("\n", "\r\n");
    writeFileSync(ru, ruBefore);
    writeFileSync(kk, kkBefore);
    chmodSync(ru, 0o640);

    const r = runCli(["review", "--root", root]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Marked reviewed: ${SEED_DIR}/kk.md, ${SEED_DIR}/ru.md\n`);
    const ruAfter = readFileSync(ru);
    expect([...ruAfter.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(ruAfter.toString("utf8")).toBe(ruBefore.replace(SOURCE_LINE, `source: "${hash}"`));
    expect(readFileSync(kk, "utf8")).toBe(kkBefore.replace(/^---\r\n/, `---\r\nsource: "${hash}"\r\n`));
    for (const [name, text] of [
      ["ru.md", ruAfter.toString("utf8")],
      ["kk.md", readFileSync(kk, "utf8")],
    ] as const) {
      expect(text.split("\n").length, name).toBeGreaterThan(10);
      expect(text.match(/(?<!\r)\n/g), `${name}: lines ending in LF alone`).toBeNull();
    }
    expect(statSync(ru).mode & 0o777).toBe(0o640);
  });
});

describe("tilpress review --locale names a language it can review", () => {
  it("the source locale, or kk-Latn (made from kk), is a usage error saying which locales are reviewed", () => {
    const root = seedCopy();
    // The English changed: ru and kk are stale, and `review --locale en` said every translation
    // already recorded the current source text, exit 0.
    edit(root, `${SEED_DIR}/en.md`, /^headline: (.*)$/m, "headline: $1 (updated)");
    const en = runCli(["review", "--root", root, "--locale", "en"]);
    expect(en.code).toBe(2);
    expect(en.stdout).toBe("");
    expect(en.stderr).toBe(
      "tilpress: en is the source locale: review marks the translations made from it (kk, ru), not en itself\n",
    );
    writeFileSync(join(root, "tilpress.config.json"), JSON.stringify({ locales: ["en", "kk", "kk-Latn", "ru"] }));
    const latin = runCli(["review", "--root", root, "--locale", "kk-Latn"]);
    expect(latin.code).toBe(2);
    expect(latin.stderr).toBe(
      "tilpress: kk-Latn is made from kk and has no text of its own to review; review kk (the translations: kk, ru)\n",
    );
  });
});
