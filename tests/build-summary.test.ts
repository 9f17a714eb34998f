import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ARTICLES, filesUnder, projectCopy, runCli, SEED, tempDir } from "./helpers.js";

/** The numbers of `tilpress build`'s summary line. */
interface Summary {
  articleFiles: number;
  articles: number;
  newsletterFiles: number;
  siteFiles: number;
  written: number;
  unchanged: number;
  kept: number;
}

function summaryOf(stderr: string): Summary {
  const m =
    /Built (\d+) files? for (\d+) article\(s\)(?:, (\d+) newsletter files?)? and (\d+) site files? into .*\/ \((\d+) written, (\d+) unchanged(?:, (\d+) others kept)?[,;)]/.exec(
      stderr,
    );
  if (!m) throw new Error(`no summary line in:\n${stderr}`);
  const [articleFiles, articles, newsletterFiles, siteFiles, written, unchanged, kept] = m
    .slice(1)
    .map((n) => Number(n ?? 0));
  return { articleFiles, articles, newsletterFiles, siteFiles, written, unchanged, kept } as Summary;
}

/** The files an output folder holds, by what they are for, counted on disk. */
function onDisk(out: string, articles: readonly string[] = ARTICLES) {
  const files = filesUnder(out);
  const articleFiles = files.filter((f) => articles.some((a) => f.split("/")[1] === a));
  const newsletterFiles = files.filter((f) => f.startsWith("newsletter/"));
  return {
    total: files.length,
    articleFiles: articleFiles.length,
    articles: new Set(articleFiles.map((f) => f.split("/")[1])).size,
    newsletterFiles: newsletterFiles.length,
    siteFiles: files.length - articleFiles.length - newsletterFiles.length,
  };
}

describe("tilpress build's summary line counts the files it made", () => {
  // With a baseUrl (and kk-Latn), so the site files include feeds, sitemap.xml and robots.txt.
  const root = projectCopy();
  writeFileSync(
    join(root, "tilpress.config.json"),
    JSON.stringify({ baseUrl: "https://press.example.org/", locales: ["en", "kk", "kk-Latn", "ru"] }),
  );

  it("a full build, then a no-op one: the counts are the files on disk, and they add up", () => {
    const out = join(tempDir(), "dist");
    for (const run of ["first", "no-op"]) {
      const r = runCli(["build", "--root", root, "--out", out]);
      expect(r.code, r.stderr).toBe(0);
      const said = summaryOf(r.stderr);
      const disk = onDisk(out);
      expect(disk.siteFiles, run).toBeGreaterThan(4 + 3 * 4); // press rooms, index, feeds, sitemap, manifest
      expect(said, run).toEqual({
        articleFiles: disk.articleFiles,
        articles: ARTICLES.length,
        newsletterFiles: disk.newsletterFiles,
        siteFiles: disk.siteFiles,
        written: run === "first" ? disk.total : 0,
        unchanged: run === "first" ? 0 : disk.total,
        kept: 0,
      });
    }
  }, 240_000);

  it("a filtered build: what it made adds up, and with what it kept it is the folder", () => {
    const fresh = join(tempDir(), "dist");
    const r = runCli(["build", "--root", root, "--out", fresh, "--article", SEED, "--format", "html"]);
    expect(r.code, r.stderr).toBe(0);
    const said = summaryOf(r.stderr);
    const { total, ...counts } = onDisk(fresh);
    expect(counts.articles).toBe(1);
    expect(said).toEqual({ ...counts, written: total, unchanged: 0, kept: 0 });

    // Into a folder a full build made: the others are kept, and counted as such.
    const full = join(tempDir(), "dist");
    expect(runCli(["build", "--root", root, "--out", full, "--format", "html"]).code).toBe(0);
    const again = runCli(["build", "--root", root, "--out", full, "--article", SEED, "--format", "html"]);
    expect(again.code, again.stderr).toBe(0);
    const filtered = summaryOf(again.stderr);
    const mine = onDisk(full, [SEED]);
    expect(filtered.articleFiles).toBe(mine.articleFiles);
    expect(filtered.articleFiles + filtered.newsletterFiles + filtered.siteFiles).toBe(
      filtered.written + filtered.unchanged,
    );
    expect(filtered.kept).toBe(onDisk(full).articleFiles - mine.articleFiles);
    expect(filtered.written + filtered.unchanged + filtered.kept).toBe(mine.total);
  }, 240_000);

  it("tilpress newsletter: its files and the manifest are what it wrote", () => {
    const out = join(tempDir(), "dist");
    const r = runCli(["newsletter", "--root", root, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const m =
      /Newsletter: (\d+) file\(s\) into .*\/newsletter\/ and .*\/manifest\.json \((\d+) written, (\d+) unchanged\)/.exec(
        r.stderr,
      );
    expect(m, r.stderr).not.toBeNull();
    const [files, written, unchanged] = m!.slice(1).map(Number);
    const disk = filesUnder(out);
    expect(disk.filter((f) => f.startsWith("newsletter/")).length).toBe(files);
    expect(disk).toContain("manifest.json");
    expect([written, unchanged]).toEqual([disk.length, 0]);
  }, 120_000);
});
