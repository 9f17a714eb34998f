import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  type Stats,
} from "node:fs";
import { extname, isAbsolute, join, relative, resolve, sep } from "node:path";
import type { Locale } from "../locale/index.js";
import type { DiagnosticList } from "./diagnostic.js";

/**
 * The one home for reading a project's files. A data repository is untrusted input: a named
 * pipe would block a read forever, a symlink loop crash a walk, a link to /dev/zero or a huge
 * file exhaust memory. So only regular files and folders are read, symlinks are resolved and
 * must stay inside the folder being read (the project, or the package's own templates and
 * catalog), and every read is bounded by a limit for its kind of file (`limits` in
 * tilpress.config.json). Problems are returned, never thrown: the caller makes the diagnostic.
 */

/** What a file is, by its extension: each kind has its own size limit. */
export type FileKind = "yaml" | "markdown" | "catalog" | "template" | "css" | "image" | "other";

/** Limits on what a build reads, set under `limits` in tilpress.config.json. */
export interface FileLimits {
  readonly yamlBytes: number;
  readonly markdownBytes: number;
  readonly catalogBytes: number;
  readonly templateBytes: number;
  readonly cssBytes: number;
  readonly imageBytes: number;
  /** Any other file in a folder the cache hashes (an article's folder, templates/, locales/). */
  readonly otherBytes: number;
  /** Width × height of one image (its header is read before anything is decoded). */
  readonly imagePixels: number;
  /** Decoded bytes (width × height × channels) of all the images of one article. */
  readonly imageDecodedBytesPerArticle: number;
}

const MB = 1024 * 1024;

/**
 * Generous for real content (the bundled article's Markdown is 10 KB, its YAML 6 KB), small
 * enough that no file can take a worker near its heap. Images: 24 megapixels is a 6000 × 4000
 * camera photo. Measured on the 2-core machine: four articles, each with a 6000 × 4000 RGBA PNG
 * (the worst the defaults let through: 96 MB decoded), build with the default two workers at
 * 0.94 GB peak RSS; 6000 × 6000 images (144 MB decoded) took 1.19 GB. Each worker may decode
 * one article's images at a time: more workers (--jobs) take more.
 */
export const DEFAULT_LIMITS: FileLimits = Object.freeze({
  yamlBytes: 2 * MB,
  markdownBytes: 4 * MB,
  catalogBytes: 2 * MB,
  templateBytes: 1 * MB,
  cssBytes: 1 * MB,
  imageBytes: 30 * MB,
  otherBytes: 50 * MB,
  imagePixels: 24_000_000,
  imageDecodedBytesPerArticle: 100 * MB,
});

const BYTE_LIMIT_OF: Readonly<Record<FileKind, keyof FileLimits>> = {
  yaml: "yamlBytes",
  markdown: "markdownBytes",
  catalog: "catalogBytes",
  template: "templateBytes",
  css: "cssBytes",
  image: "imageBytes",
  other: "otherBytes",
};

/** The config key (`limits.markdownBytes`) that bounds a kind of file. */
export function limitKey(kind: FileKind): string {
  return `limits.${BYTE_LIMIT_OF[kind]}`;
}

export function kindOf(path: string): FileKind {
  const ext = extname(path).toLowerCase();
  if (ext === ".yaml" || ext === ".yml") return "yaml";
  if (ext === ".md") return "markdown";
  if (ext === ".json") return "catalog";
  if (ext === ".hbs") return "template";
  if (ext === ".css") return "css";
  if (ext === ".png" || ext === ".jpg" || ext === ".jpeg") return "image";
  return "other";
}

/** Why a file was not read; `code` is the diagnostic's. */
export interface FileProblem {
  readonly code: "data/special-file" | "data/link-outside" | "data/link-loop" | "data/file-too-large";
  /** The path as the user knows it, relative to the project root. */
  readonly file: string;
  readonly message: string;
  readonly hint: string;
}

export type ReadResult =
  { readonly ok: true; readonly data: Buffer } | { readonly ok: false; readonly problem: FileProblem };

/** One entry of a folder walk: a regular file (by its path relative to the folder) or a problem. */
export type WalkEntry =
  | {
      readonly rel: string;
      readonly path: string;
      readonly real: string;
      /** The file's lstat as the walk found it (of `real`, so a link's target's). */
      readonly stat: Stats;
      readonly problem?: undefined;
    }
  | { readonly rel: string; readonly path: string; readonly problem: FileProblem };

export class ProjectFiles {
  readonly root: string;
  /** Folders besides the project a read may be confined to: the package's templates and catalog. */
  private readonly trusted: readonly string[];

  constructor(
    root: string,
    readonly limits: FileLimits = DEFAULT_LIMITS,
    trusted: readonly string[] = [],
  ) {
    this.root = resolve(root);
    this.trusted = trusted.map((t) => resolve(t));
  }

  /** The path as diagnostics print it: relative to the project, forward slashes. */
  display(path: string): string {
    const rel = relative(this.root, path);
    return (rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : rel).split(sep).join("/");
  }

  /** The bytes of a regular file inside its confinement, at most the limit for `kind`. */
  read(path: string, kind: FileKind = kindOf(path)): ReadResult {
    const target = this.resolveLink(path);
    if ("problem" in target) return { ok: false, problem: target.problem };
    return this.readAt(path, target.real, kind);
  }

  /**
   * A file `walk` listed, by the real path the walk confined it to: its links are not resolved
   * again (a no-op rebuild of 1,000 articles hashes every file of every one).
   */
  readListed(entry: WalkEntry & { readonly problem?: undefined }): ReadResult {
    return this.readAt(entry.path, entry.real, kindOf(entry.path));
  }

  private readAt(path: string, real: string, kind: FileKind): ReadResult {
    const limit = this.limits[BYTE_LIMIT_OF[kind]];
    let fd: number;
    try {
      // O_NONBLOCK: opening a named pipe for reading would otherwise wait for a writer forever.
      // O_NOFOLLOW: `real` has no link in it; one put in its place since is not followed.
      fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
    } catch (cause) {
      return { ok: false, problem: this.unreadable(path, cause) };
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) return { ok: false, problem: this.special(path, stat) };
      if (stat.size > limit) return { ok: false, problem: this.tooLarge(path, { kind, size: stat.size, limit }) };
      // Read at most limit + 1 bytes whatever the size said: a file that grows is still bounded.
      const data = Buffer.allocUnsafe(Math.min(stat.size, limit) + 1);
      let filled = 0;
      for (let n = 1; n > 0 && filled < data.length; filled += n)
        n = readSync(fd, data, filled, data.length - filled, null);
      if (filled > limit) return { ok: false, problem: this.tooLarge(path, { kind, size: filled, limit }) };
      return { ok: true, data: data.subarray(0, filled) };
    } catch (cause) {
      return { ok: false, problem: this.unreadable(path, cause) };
    } finally {
      closeSync(fd);
    }
  }

  /** Whether `path` exists at all (a dangling link does not). */
  exists(path: string): boolean {
    try {
      lstatSync(path);
      return true;
    } catch {
      return false;
    }
  }

  /** What a folder holds that is a folder (by name, sorted, dotfiles left out), links resolved and confined. */
  folders(dir: string): string[] {
    return this.listFolder(dir).folders;
  }

  /**
   * The entries of a folder that `folders` leaves out because they are links it may not follow
   * (out of the project, a loop), each with its problem: they are reported, never skipped silently.
   */
  refusedLinks(dir: string): { readonly name: string; readonly problem: FileProblem }[] {
    return this.listFolder(dir).refused;
  }

  /** `folders` and `refusedLinks` in one pass: the folder resolved once, only its links one by one. */
  listFolder(dir: string): { folders: string[]; refused: { name: string; problem: FileProblem }[] } {
    const folders: string[] = [];
    const refused: { name: string; problem: FileProblem }[] = [];
    const names = this.names(dir);
    if (names.length === 0) return { folders, refused };
    const start = this.resolveLink(dir);
    for (const name of names) {
      const path = resolve(dir, name);
      try {
        let stat = lstatSync(path);
        // Inside a folder that is itself confined, an entry that is no link is confined too.
        if (stat.isSymbolicLink() || "problem" in start) {
          const target = this.resolveLink(path);
          if ("problem" in target) {
            refused.push({ name, problem: target.problem });
            continue;
          }
          stat = lstatSync(target.real);
        }
        if (stat.isDirectory()) folders.push(name);
      } catch {
        // removed meanwhile, or unreadable: not a folder
      }
    }
    return { folders, refused };
  }

  /** The names in a folder, sorted; none if it does not exist or is not one. */
  names(dir: string): string[] {
    try {
      return readdirSync(dir)
        .filter((n) => !n.startsWith("."))
        .sort();
    } catch {
      return [];
    }
  }

  /**
   * Every regular file under `dir`, recursively and sorted, with what could not be read as a
   * problem in its place (a special file, a link out of the project or back up the tree, a file
   * over its kind's limit). No file is opened here. Dotfiles are included: the cache hashes everything an article holds.
   */
  walk(dir: string): WalkEntry[] {
    const entries: WalkEntry[] = [];
    const start = this.resolveLink(dir);
    if ("problem" in start) return [{ rel: "", path: dir, problem: start.problem }];
    const visit = (folder: string, prefix: string, ancestors: readonly string[]) => {
      let names: string[];
      try {
        names = readdirSync(folder).sort();
      } catch {
        return;
      }
      // The folder's real path: an entry that is no link is inside it, and needs no resolving
      // (a no-op rebuild of 1,000 articles walks every file of every one).
      const folderReal = ancestors.at(-1)!;
      for (const name of names) {
        const path = resolve(folder, name);
        const rel = `${prefix}${name}`;
        let real = join(folderReal, name);
        let stat;
        try {
          stat = lstatSync(path);
          if (stat.isSymbolicLink()) {
            const target = this.resolveLink(path);
            if ("problem" in target) {
              entries.push({ rel, path, problem: target.problem });
              continue;
            }
            real = target.real;
            stat = lstatSync(real);
          }
        } catch (cause) {
          entries.push({ rel, path, problem: this.unreadable(path, cause) });
          continue;
        }
        if (stat.isDirectory()) {
          // A folder that is the walk's start or one of its parents again would be walked forever.
          if (ancestors.some((a) => a === real || a.startsWith(real + sep))) {
            entries.push({ rel, path, problem: this.loop(path) });
          } else visit(path, `${rel}/`, [...ancestors, real]);
        } else if (stat.isFile()) {
          const kind = kindOf(name);
          const limit = this.limits[BYTE_LIMIT_OF[kind]];
          if (stat.size > limit)
            entries.push({ rel, path, problem: this.tooLarge(path, { kind, size: stat.size, limit }) });
          else entries.push({ rel, path, real, stat });
        } else entries.push({ rel, path, problem: this.special(path, stat) });
      }
    };
    visit(dir, "", [start.real]);
    return entries;
  }

  /**
   * The file `path` names, by the rules `read` follows: a link resolved, inside its confinement.
   * A writer writes there, so a linked file is changed through its link (the link is kept).
   */
  realPath(path: string): { readonly real: string } | { readonly problem: FileProblem } {
    return this.resolveLink(path);
  }

  /** The real path of `path`, if every link on the way resolves inside the folder it is confined to. */
  private resolveLink(path: string): { real: string } | { problem: FileProblem } {
    const absolute = resolve(path);
    const within = [this.root, ...this.trusted].find((r) => absolute === r || absolute.startsWith(r + sep));
    let real: string;
    try {
      real = realpathSync.native(absolute);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      if (code === "ELOOP") return { problem: this.loop(path) };
      return { problem: this.unreadable(path, cause) };
    }
    if (within === undefined) return { real }; // Not a project file (an absolute --root elsewhere): as given.
    const realWithin = this.realRoot(within);
    if (real !== realWithin && !real.startsWith(realWithin + sep)) {
      return {
        problem: {
          code: "data/link-outside",
          file: this.display(path),
          message: `\`${this.display(path)}\` is a link to ${real}, outside the project`,
          hint: "tilpress reads only files inside the project folder: copy the file in instead of linking to it.",
        },
      };
    }
    return { real };
  }

  /** The real path of the project root (or a trusted folder), resolved once: every entry is checked against it. */
  private readonly realRoots = new Map<string, string>();
  private realRoot(folder: string): string {
    let real = this.realRoots.get(folder);
    if (real === undefined) {
      try {
        real = realpathSync.native(folder);
      } catch {
        real = folder;
      }
      this.realRoots.set(folder, real);
    }
    return real;
  }

  private special(path: string, stat: { isFIFO(): boolean; isSocket(): boolean }): FileProblem {
    const what = stat.isFIFO() ? "a named pipe" : stat.isSocket() ? "a socket" : "a device or other special file";
    return {
      code: "data/special-file",
      file: this.display(path),
      message: `\`${this.display(path)}\` is ${what}, not a regular file`,
      hint: "tilpress reads only regular files and folders: remove it from the project.",
    };
  }

  private loop(path: string): FileProblem {
    return {
      code: "data/link-loop",
      file: this.display(path),
      message: `\`${this.display(path)}\` is a symbolic link that leads back into a folder containing it (a loop)`,
      hint: "Remove the link; tilpress follows links only to files and folders elsewhere in the project.",
    };
  }

  private tooLarge(path: string, { kind, size, limit }: { kind: FileKind; size: number; limit: number }): FileProblem {
    return {
      code: "data/file-too-large",
      file: this.display(path),
      message: `\`${this.display(path)}\` is ${formatBytes(size)}, over the limit of ${formatBytes(limit)} for ${kind} files`,
      hint: `Make the file smaller, or raise ${limitKey(kind)} in tilpress.config.json (in bytes).`,
    };
  }

  private unreadable(path: string, cause: unknown): FileProblem {
    const code = (cause as NodeJS.ErrnoException).code ?? "";
    return {
      code: "data/special-file",
      file: this.display(path),
      message: `\`${this.display(path)}\` cannot be read${code ? ` (${code})` : ""}`,
      hint: "Check the file's permissions, or remove it if it is a dangling link.",
    };
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** A file that could not be read, as an error at the top of that file (scoped to the article it belongs to). */
export function reportFileProblem(
  problem: FileProblem,
  diagnostics: DiagnosticList,
  scope: { readonly article?: string; readonly locale?: Locale } = {},
): void {
  diagnostics.error({ ...scope, code: problem.code, message: problem.message, hint: problem.hint, file: problem.file });
}
