import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseDocument } from "htmlparser2";
import { afterAll } from "vitest";

export const REPO = resolve(import.meta.dirname, "..");
export const SEED = "kazakhstan-rallies-2020-02-22";
export const SEED_DIR = `data/articles/${SEED}`;

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A throwaway copy of the bundled project (data, locales, templates) to break or extend. */
export function projectCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "tilpress-test-"));
  made.push(dir);
  for (const folder of ["data", "locales", "templates"]) cpSync(join(REPO, folder), join(dir, folder), { recursive: true });
  return dir;
}

/** Replace exactly one occurrence of `from` in a project file; fails loudly if the fixture drifted. */
export function edit(root: string, file: string, from: string | RegExp, to: string): void {
  const path = join(root, file);
  const text = readFileSync(path, "utf8");
  const count = typeof from === "string" ? text.split(from).length - 1 : (text.match(new RegExp(from.source, from.flags + "g")) ?? []).length;
  if (count !== 1) throw new Error(`edit(${file}): expected one match of ${String(from)}, found ${count}`);
  writeFileSync(path, text.replace(from, to));
}

export function write(root: string, file: string, text: string): void {
  writeFileSync(join(root, file), text);
}

/** 1-based line of the first line containing `needle`. */
export function lineOf(root: string, file: string, needle: string): number {
  const lines = readFileSync(join(root, file), "utf8").split("\n");
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  return i + 1;
}

export function parseHtml(html: string | Buffer) {
  return parseDocument(html.toString());
}
