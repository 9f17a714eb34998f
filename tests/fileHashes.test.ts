import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, lstatSync, readFileSync, renameSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FILE_HASHES, FileHashes } from "../src/emit/fileHashes.js";
import type { ReadResult } from "../src/core/projectFiles.js";
import { tempDir } from "./helpers.js";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
/** Later than any file of the test by more than the racy window: every file counts as old. */
const later = () => Date.now() + 60_000;
/** A modification time in whole seconds, which `utimesSync` sets exactly (1 January 2024). */
const LONG_AGO = 1_704_067_200;
/** Long enough for the clock the file system stamps times with to move on. */
const tick = () => new Promise((r) => setTimeout(r, 30));

/** Hash `file` through an index loaded from `cache` (as a build's look-up does), then save it. */
function hashThrough(cache: string, file: string, since = later()): { hash: string; read: number; trusted: number } {
  const hashes = FileHashes.load(cache, since);
  let reads = 0;
  const read = (): ReadResult => {
    reads++;
    return { ok: true, data: readFileSync(file) };
  };
  const hash = hashes.hashOf(file, lstatSync(file), read);
  expect(hashes.counts.read).toBe(reads);
  hashes.save({ keepOthers: false });
  return { hash, read: reads, trusted: hashes.counts.trusted };
}

describe("file hashes kept by stat (the cache's index)", () => {
  it("an unchanged file is not read again; its hash is the one its bytes give", () => {
    const dir = tempDir();
    const file = join(dir, "ru.md");
    writeFileSync(file, "Крупные силы полиции");
    expect(hashThrough(dir, file)).toEqual({ hash: sha256("Крупные силы полиции"), read: 1, trusted: 0 });
    expect(hashThrough(dir, file)).toEqual({ hash: sha256("Крупные силы полиции"), read: 0, trusted: 1 });
  });

  it("an edit in place of the same size, its modification time put back, is read again (its change time moved)", async () => {
    const dir = tempDir();
    const file = join(dir, "ru.md");
    writeFileSync(file, "Крупные силы полиции");
    utimesSync(file, LONG_AGO, LONG_AGO);
    hashThrough(dir, file);
    await tick();
    writeFileSync(file, "Большие силы полиции"); // the same number of bytes
    utimesSync(file, LONG_AGO, LONG_AGO);
    expect(lstatSync(file).mtimeMs).toBe(LONG_AGO * 1000);
    expect(lstatSync(file).size).toBe(Buffer.byteLength("Крупные силы полиции"));
    expect(hashThrough(dir, file)).toMatchObject({ hash: sha256("Большие силы полиции"), read: 1 });
  });

  it("an editor's atomic save (a new file renamed over it) is read again, whatever its times", async () => {
    const dir = tempDir();
    const file = join(dir, "kk.md");
    writeFileSync(file, "Шымкент қаласы");
    utimesSync(file, LONG_AGO, LONG_AGO);
    hashThrough(dir, file);
    await tick();
    writeFileSync(join(dir, ".kk.md.swp"), "Шымкент облысы");
    utimesSync(join(dir, ".kk.md.swp"), LONG_AGO, LONG_AGO);
    renameSync(join(dir, ".kk.md.swp"), file);
    expect(hashThrough(dir, file)).toMatchObject({ hash: sha256("Шымкент облысы"), read: 1 });
  });

  it("a file changed within two seconds of the listing is never trusted: it is read every time until it is older", () => {
    const dir = tempDir();
    const file = join(dir, "en.md");
    writeFileSync(file, "fresh");
    expect(hashThrough(dir, file, Date.now()).read).toBe(1);
    expect(hashThrough(dir, file, Date.now()).read).toBe(1);
    // Listed a minute later, the file is old: recorded once, then trusted.
    expect(hashThrough(dir, file).read).toBe(1);
    expect(hashThrough(dir, file).read).toBe(0);
  });

  it("a damaged or foreign index is an empty one, and the next save replaces it", () => {
    const dir = tempDir();
    const file = join(dir, "en.md");
    writeFileSync(file, "text");
    for (const damaged of [
      "{ not json",
      JSON.stringify({ format: 99, files: {} }),
      JSON.stringify({ format: 1, files: { [file]: [1, 2, 3] } }),
      // A record whose stamp matches but whose hash is not a hash.
      JSON.stringify({ format: 1, files: { [file]: [...stampOf(file), "<b>"] } }),
    ]) {
      writeFileSync(join(dir, FILE_HASHES), damaged);
      expect(hashThrough(dir, file)).toEqual({ hash: sha256("text"), read: 1, trusted: 0 });
      expect(hashThrough(dir, file).read).toBe(0);
    }
  });

  it("an index file larger than any index is not read, even when it is valid JSON", () => {
    const dir = tempDir();
    const file = join(dir, "en.md");
    writeFileSync(file, "text");
    hashThrough(dir, file);
    // The same index, then 129 MB of spaces: JSON allows them, and would trust the record.
    appendFileSync(join(dir, FILE_HASHES), Buffer.alloc(129 * 1024 * 1024, 0x20));
    expect(hashThrough(dir, file)).toEqual({ hash: sha256("text"), read: 1, trusted: 0 });
  });

  it("a pipe or a link to a device in the index's place is an empty index: not waited on, not read without end", () => {
    for (const make of [
      (path: string) => execFileSync("mkfifo", [path]),
      (path: string) => symlinkSync("/dev/zero", path),
    ]) {
      const dir = tempDir();
      const file = join(dir, "en.md");
      writeFileSync(file, "text");
      make(join(dir, FILE_HASHES));
      const hashes = FileHashes.load(dir, later());
      expect(hashes.hashOf(file, lstatSync(file), () => ({ ok: true, data: readFileSync(file) }))).toBe(sha256("text"));
      expect(hashes.counts).toEqual({ trusted: 0, read: 1 });
    }
  });

  it("a filtered build keeps the other files' records; a full build keeps only the files it listed", () => {
    const dir = tempDir();
    const [a, b] = [join(dir, "a.md"), join(dir, "b.md")];
    writeFileSync(a, "a");
    writeFileSync(b, "b");
    const both = FileHashes.load(dir, later());
    for (const f of [a, b]) both.hashOf(f, lstatSync(f), () => ({ ok: true, data: readFileSync(f) }));
    both.save({ keepOthers: false });
    const recorded = () => Object.keys(JSON.parse(readFileSync(join(dir, FILE_HASHES), "utf8")).files).sort();
    expect(recorded()).toEqual([a, b]);

    const filtered = FileHashes.load(dir, later());
    filtered.hashOf(a, lstatSync(a), () => ({ ok: true, data: readFileSync(a) }));
    filtered.save({ keepOthers: true });
    expect(recorded()).toEqual([a, b]);

    const full = FileHashes.load(dir, later());
    full.hashOf(a, lstatSync(a), () => ({ ok: true, data: readFileSync(a) }));
    full.save({ keepOthers: false });
    expect(recorded()).toEqual([a]);
  });

  it("a file that cannot be read stands as its problem and is not recorded", () => {
    const dir = tempDir();
    const file = join(dir, "en.md");
    writeFileSync(file, "text");
    const unreadable = (): ReadResult => ({
      ok: false,
      problem: { code: "data/special-file", file: "en.md", message: "is a named pipe", hint: "" },
    });
    const hashes = FileHashes.load(dir, later());
    expect(hashes.hashOf(file, lstatSync(file), unreadable)).toBe("!data/special-file");
    hashes.save({ keepOthers: false });
    expect(hashThrough(dir, file).read).toBe(1);
  });
});

function stampOf(file: string): number[] {
  const s = lstatSync(file);
  return [s.size, s.mtimeMs, s.ctimeMs, s.ino, s.dev];
}
