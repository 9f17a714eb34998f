// Before fontkit and pdfkit load (see there).
import "../core/deferredModules.js";
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { sha256 } from "../core/hash.js";
import { PACKAGE_ROOT } from "../core/packageRoot.js";
import type { ProjectFiles } from "../core/projectFiles.js";

/**
 * The project's own fonts, as `fonts` in tilpress.config.json names them (docs/fonts.md): each
 * file checked when the config is read, then resolved with its hash for the font stack
 * (src/fonts/fontStack.ts) and the cache. Light on purpose: fontkit is loaded only to check a
 * file a project names.
 */

/** What the stylesheet asks for: a serif (body text) or a sans-serif (headings, small print). */
export type FontRole = "serif" | "sans";
/** The styles a project may give a role, as `fonts.<role>.<style>`. */
export const FONT_STYLES = ["regular", "bold", "italic", "boldItalic"] as const;
export type FontStyleName = (typeof FONT_STYLES)[number];

/** `fonts` as the config's schema reads it. */
export interface FontsSetting {
  readonly serif?: { readonly [style in FontStyleName]?: string | undefined } | undefined;
  readonly sans?: { readonly [style in FontStyleName]?: string | undefined } | undefined;
  readonly fallback?: readonly string[] | undefined;
}

/** One font file of the project. */
export interface ProjectFontFile {
  /** Absolute path. */
  readonly path: string;
  /** As tilpress.config.json names it, relative to the project. */
  readonly name: string;
  /** sha256 of its bytes: a changed file is a new face, and a new cache key. */
  readonly hash: string;
  /** Its family name (the name table's), as HTML font-family lists name it. */
  readonly family: string;
}

/** The project's fonts, resolved. */
export interface ProjectFonts {
  readonly serif?: Readonly<Partial<Record<FontStyleName, ProjectFontFile>>>;
  readonly sans?: Readonly<Partial<Record<FontStyleName, ProjectFontFile>>>;
  readonly fallback: readonly ProjectFontFile[];
  /** Every file's name and hash: an input of the cache; "" without project fonts. */
  readonly key: string;
}

export const NO_PROJECT_FONTS: ProjectFonts = Object.freeze({ fallback: Object.freeze([]), key: "" });

/** Every font file named under `fonts`, with its path in the config (for a located message). */
export function fontFileEntries(
  fonts: FontsSetting | undefined,
): { readonly path: readonly (string | number)[]; readonly name: string }[] {
  if (!fonts) return [];
  const out: { path: (string | number)[]; name: string }[] = [];
  for (const role of ["serif", "sans"] as const)
    for (const style of FONT_STYLES) {
      const name = fonts[role]?.[style];
      if (name !== undefined) out.push({ path: ["fonts", role, style], name });
    }
  (fonts.fallback ?? []).forEach((name, i) => out.push({ path: ["fonts", "fallback", i], name }));
  return out;
}

/**
 * Why a named font file cannot be used, or undefined: it must be inside the project (read like
 * any project file: no link out, bounded by `limits.otherBytes`), one font fontkit reads, with
 * TrueType outlines (the PDF's subsetter copies `glyf` outlines: src/fonts/subsetTrueType.ts).
 */
export function fontFileProblem({
  files,
  root,
  name,
}: {
  readonly files: ProjectFiles;
  readonly root: string;
  readonly name: string;
}): string | undefined {
  const path = resolve(root, name);
  const rel = relative(root, path);
  // "..odd.ttf" is a file in the project; "../odd.ttf" is not.
  if (isAbsolute(name) || rel === ".." || rel.startsWith(`..${sep}`) || isAbsolute(rel))
    return `"${name}" is outside the project: give a path relative to the project folder`;
  if (!files.exists(path)) return `no font file "${name}" in the project`;
  const read = files.read(path, "other");
  if (!read.ok && read.problem.code === "data/special-file" && isFolder(path))
    return `"${name}" is a folder: give a font file (.ttf) in it`;
  if (!read.ok) return `${read.problem.message}. ${read.problem.hint}`;
  // sfnt with TrueType outlines ("\0\x01\0\0" or "true"); WOFF and OpenType/CFF ("OTTO") are not embedded as they are.
  const tag = read.data.length >= 4 ? read.data.readUInt32BE(0) : 0;
  if (
    tag !== 0x00010000 &&
    tag !== 0x74727565 &&
    tag !== 0x4f54544f &&
    tag !== 0x74746366 &&
    tag !== 0x774f4646 &&
    tag !== 0x774f4632
  )
    return `"${name}" is not a font file (TrueType .ttf expected)`;
  if (tag === 0x774f4646 || tag === 0x774f4632)
    return `"${name}" is a WOFF web font: give the TrueType (.ttf) file it was made from`;
  let font: unknown;
  try {
    // fontkit is loaded only when a project names fonts: it costs half a second of a cold start.
    font = (createRequire(import.meta.url)("fontkit") as typeof import("fontkit")).create(read.data);
  } catch (cause) {
    return `"${name}" is not a font file fontkit can read (${cause instanceof Error ? cause.message : String(cause)})`;
  }
  if (font === null || typeof font !== "object" || !("directory" in font) || "fonts" in font)
    return `"${name}" is a font collection or not a single font: give one .ttf file`;
  const tables = (font as { directory: { tables: Record<string, unknown> } }).directory.tables;
  if (!tables["glyf"] || !tables["loca"] || !tables["cmap"])
    return `"${name}" has no TrueType outlines (glyf): tilpress embeds .ttf fonts, not CFF-based .otf or WOFF`;
  const damage = probeFontFile(read.data);
  return damage === undefined ? undefined : `"${name}" is damaged: ${damage}`;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The probe's heap (MB) and time (ms): a sound font needs a fraction of either (DejaVu: 1 s, 40 MB of heap). */
export const PROBE_HEAP_MB = 128;
export const PROBE_TIMEOUT_MS = 30_000;

/** The compiled probe, whether this module runs from lib/, from the bundle in lib/bundle/ or (in tests) from src/. */
const PROBE_SCRIPT = join(PACKAGE_ROOT, "lib", "fonts", "fontProbe.js");

/**
 * Verdicts of the probe by the font file's sha256: bytes that passed pass again. A parallel
 * build reads the config once per worker; the preview, on every change of it. Bound: the
 * distinct font files seen by this thread.
 */
const probed = new Map<string, string | undefined>();

/**
 * `probeFont` (src/fonts/fontProbe.ts) in a child process with a heap of PROBE_HEAP_MB and
 * PROBE_TIMEOUT_MS to finish: what is wrong with the font, naming the table it was reading when
 * it failed, ran out of memory or of time; or undefined.
 */
function probeFontFile(data: Buffer): string | undefined {
  const hash = sha256(data);
  if (probed.has(hash)) return probed.get(hash);
  // Loaded here: only a project with fonts of its own probes them (node:child_process is 4 ms of a cold start).
  const { spawnSync } = createRequire(import.meta.url)("node:child_process") as typeof import("node:child_process");
  const child = spawnSync(process.execPath, [`--max-old-space-size=${PROBE_HEAP_MB}`, PROBE_SCRIPT], {
    input: data,
    encoding: "utf8",
    timeout: PROBE_TIMEOUT_MS,
    maxBuffer: 1 << 20,
  });
  if (child.error && (child.error as NodeJS.ErrnoException).code !== "ETIMEDOUT") throw child.error; // Not the font's fault.
  const lines = child.stdout.split("\n").filter((l) => l !== "");
  const last = lines
    .filter((l) => l.startsWith("step "))
    .at(-1)
    ?.slice("step ".length);
  const where = last ? `its ${last}` : "the font";
  let problem: string | undefined;
  if (child.status === 0 && lines.at(-1) === "ok") problem = undefined;
  else if (lines.at(-1)?.startsWith("problem ")) problem = lines.at(-1)!.slice("problem ".length);
  else if (child.error) problem = `reading ${where} took more than ${PROBE_TIMEOUT_MS / 1000} s (a table that loops)`;
  else if (/heap limit|out of memory/i.test(child.stderr))
    problem = `reading ${where} needed more than ${PROBE_HEAP_MB} MB of memory (a table that asks for more than the file holds)`;
  else
    problem = `reading ${where} failed (the probe ended with ${child.signal ?? `exit code ${String(child.status)}`})`;
  probed.set(hash, problem);
  return problem;
}

/** A checked font file's family name, read with fontkit (loaded only for a project that names fonts). */
function familyOf(data: Buffer): string {
  const font = (createRequire(import.meta.url)("fontkit") as typeof import("fontkit")).create(
    data,
  ) as import("fontkit").Font;
  return font.familyName ?? ""; // A name table without a family name: no family to name in the HTML.
}

/** The checked font files of the config with their hashes (the cache's input and the face's identity). */
export function resolveProjectFonts(root: string, fonts: FontsSetting | undefined): ProjectFonts {
  if (!fonts) return NO_PROJECT_FONTS;
  const files = new Map<string, ProjectFontFile>();
  const fileOf = (name: string): ProjectFontFile => {
    let file = files.get(name);
    if (!file) {
      const path = resolve(root, name);
      const data = readFileSync(path);
      files.set(name, (file = Object.freeze({ path, name, hash: sha256(data), family: familyOf(data) })));
    }
    return file;
  };
  const role = (faces: FontsSetting["serif"]) => {
    if (!faces) return undefined;
    const out: Partial<Record<FontStyleName, ProjectFontFile>> = {};
    for (const style of FONT_STYLES) {
      const name = faces[style];
      if (name !== undefined) out[style] = fileOf(name);
    }
    return Object.freeze(out);
  };
  const serif = role(fonts.serif);
  const sans = role(fonts.sans);
  // A file named twice in fallback is tried once: the second place could never set a character.
  const seen = new Set<string>();
  const fallback = Object.freeze(
    (fonts.fallback ?? [])
      .filter((name) => !seen.has(resolve(root, name)) && seen.add(resolve(root, name)))
      .map(fileOf),
  );
  const key = sha256(
    JSON.stringify({
      serif: fonts.serif ?? null,
      sans: fonts.sans ?? null,
      fallback: fonts.fallback ?? [],
      hashes: [...files.values()].map((f) => [f.name, f.hash]),
    }),
  );
  return Object.freeze({ ...(serif ? { serif } : {}), ...(sans ? { sans } : {}), fallback, key });
}

/**
 * The role a CSS `font-family` list asks for: its generic family (`serif`, `sans-serif`,
 * `system-ui`) when it names one, which is what the author meant whatever fonts come before it
 * (a project's family is put first in HTML: `withProjectFamilies`); otherwise its first name we
 * recognise (names with "sans", Helvetica, Arial, Verdana: sans; anything else: serif). The PDF's
 * styles and the HTML's family lists both read it.
 */
export function roleOfFamilyList(list: string): FontRole {
  const names = list.split(",").map((raw) =>
    raw
      .trim()
      .replace(/^["']|["']$/g, "")
      .toLowerCase(),
  );
  const generic = names.find((name) => name === "serif" || name === "sans-serif" || name === "system-ui");
  if (generic) return generic === "serif" ? "serif" : "sans";
  for (const name of names) {
    if (name.includes("sans") || ["helvetica", "helvetica neue", "arial", "verdana"].includes(name)) return "sans";
    if (name.includes("serif") || ["georgia", "times new roman", "times"].includes(name)) return "serif";
  }
  return "serif";
}
