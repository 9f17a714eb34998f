import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { cp } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { baseUrlOf, PACKAGE_ROOT } from "../config.js";
import { TilpressError, UsageError } from "../core/errors.js";
import type { ArticleKind } from "../model/kinds.js";
import { VERSION } from "../version.js";
import { tilpressInstallSpec } from "./installSpec.js";

/**
 * The bundled article (data/articles/) the scaffold copies as the example of each kind: one
 * each, real material in all three languages. Keyed by kind, so a new kind needs an example.
 */
export const SCAFFOLD_EXAMPLES: Readonly<Record<ArticleKind, string>> = {
  news: "kazakhstan-rallies-2020-02-22",
  feature: "saiga-comeback-2023-12-12",
  "press-release": "adb-kyzylorda-zhezkazgan-road-2024-10-29",
  statement: "referendum-preliminary-results-2026-03-16",
  "media-advisory": "referendum-media-accreditation-2026-02-18",
};

/** What the package ships for init (package.json `files`), copied as they are. */
const COPIED = ["templates", "locales", "data/glossary.yaml", "data/outlets.yaml", join("data", "newsletters")];

/** init was stopped by a signal and left nothing: the CLI exits 130. */
export class InitStopped extends TilpressError {}

/** What init made: the project's folder, the entries in it and the baseUrl it wrote, if any. */
export interface InitResult {
  readonly dir: string;
  readonly created: readonly string[];
  readonly baseUrl: string | undefined;
}

export interface InitOptions {
  /** Aborted on Ctrl-C: init stops between copies and leaves nothing. */
  readonly signal?: AbortSignal;
  /** Where the project will be published, written as the config's baseUrl. */
  readonly baseUrl?: string;
}

/**
 * The project's tilpress.config.json: the schema for editors' completion (the installed
 * package's), and the baseUrl when known. Without one, `check` warns `site/no-base-url`.
 */
function projectConfig(baseUrl: string | undefined): string {
  const config = {
    $schema: "./node_modules/tilpress/schema/tilpress.config.schema.json",
    ...(baseUrl === undefined ? {} : { baseUrl }),
  };
  return JSON.stringify(config, null, 2) + "\n";
}

/** The folder init may make: named, under an existing folder, new or empty. Else a usage error. */
function checkTarget(dir: string | undefined): string {
  if (dir === undefined || dir.trim() === "")
    throw new UsageError("init needs the name of the folder to create: tilpress init <dir>");
  const target = resolve(dir);
  const parent = dirname(target);
  if (!existsSync(parent) || !statSync(parent).isDirectory())
    throw new UsageError(`${parent} does not exist: init creates the project's folder, not the folders above it`);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new UsageError(`${target} exists and is not a folder`);
    if (readdirSync(target).length > 0)
      throw new UsageError(`${target} is not empty: init creates a project in a new or empty folder`);
  }
  return join(realpathSync(parent), basename(target));
}

/** Where the scaffold's newsletter issue says its pages are published, until the project says. */
export const EXAMPLE_BASE_URL = "https://press.example.org/";

/**
 * A newsletter issue's YAML with its own `baseUrl:` (before `articles:`): what a project without a
 * `baseUrl` in tilpress.config.json needs for its emails to link to the pages.
 */
export function issueWithBaseUrl(yaml: string, baseUrl: string): string {
  if (/^baseUrl:/m.test(yaml)) return yaml;
  const line =
    `baseUrl: ${baseUrl}     # where the emails' links lead; once tilpress.config.json sets ` +
    `"baseUrl", delete this line\n`;
  return yaml.replace(/^articles:/m, `${line}articles:`);
}

/** A package name npm accepts, from the folder's name. */
function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+/, "");
  return name === "" ? "briefings" : name.slice(0, 214);
}

/**
 * Fill `into` with the scaffold of a project that will live at `target`. Asynchronous, and
 * stopped between copies once `signal` is aborted (Ctrl-C): the caller then removes `into`.
 */
async function writeScaffold(
  into: string,
  target: string,
  { signal, baseUrl }: { readonly signal: AbortSignal | undefined; readonly baseUrl: string | undefined },
): Promise<string[]> {
  const copy = async (from: string, to: string) => {
    signal?.throwIfAborted();
    await cp(join(PACKAGE_ROOT, from), join(into, to), { recursive: true });
  };
  for (const entry of COPIED) await copy(entry, entry);
  // Without a baseUrl in the config the issue names one, or its emails could not be built.
  if (baseUrl === undefined) {
    const issues = join(into, "data", "newsletters");
    for (const name of readdirSync(issues).filter((n) => n.endsWith(".yaml"))) {
      const file = join(issues, name);
      writeFileSync(file, issueWithBaseUrl(readFileSync(file, "utf8"), EXAMPLE_BASE_URL));
    }
  }
  for (const id of Object.values(SCAFFOLD_EXAMPLES))
    await copy(join("data", "articles", id), join("data", "articles", id));
  await copy("scaffold/README.md", "README.md");
  const spec = tilpressInstallSpec({ packageRoot: PACKAGE_ROOT, version: VERSION, projectDir: target });
  const pkg = {
    name: packageName(basename(target)),
    private: true,
    type: "module",
    scripts: {
      build: "tilpress build",
      check: "tilpress check",
      preview: "tilpress preview",
      newsletter: "tilpress newsletter",
    },
    devDependencies: { tilpress: spec },
  };
  writeFileSync(join(into, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  writeFileSync(join(into, ".gitignore"), "node_modules/\ndist/\n.tilpress-cache/\n");
  writeFileSync(join(into, "tilpress.config.json"), projectConfig(baseUrl));
  return [".gitignore", "README.md", "data/", "locales/", "package.json", "templates/", "tilpress.config.json"];
}

/** Made in an existing folder while init moves its entries in (exclusive: a second init fails on it). */
const INIT_CLAIM = ".tilpress-init-claim";

function ownsClaim(claim: string): boolean {
  try {
    return readFileSync(claim, "utf8") === `${process.pid}\n`;
  } catch {
    return false;
  }
}

/** The temporary folder's prefix: short, so any name the file system takes for the target fits beside it. */
export const INIT_TEMP_PREFIX = ".tilpress-init-";

/**
 * The fault tests' hook (tests/init.test.ts): with TILPRESS_FAULT=init-copied the process sends
 * itself SIGINT once the scaffold is in the temporary folder, as a Ctrl-C at that moment would,
 * and waits for the signal to arrive.
 */
async function faultPoint(signal: AbortSignal | undefined): Promise<void> {
  if (process.env["TILPRESS_FAULT"] !== "init-copied") return;
  process.kill(process.pid, "SIGINT");
  for (let waited = 0; !signal?.aborted && waited < 5000; waited += 10)
    await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * Scaffold a data repository that uses tilpress as a dependency: the default templates and
 * catalog to customize, the glossary, outlets and newsletter, and one real example article of
 * each kind. Atomic: everything is written into a temporary folder next to the target, which
 * is then renamed into place (an existing empty folder gets its entries moved in); on failure,
 * or when `signal` is aborted (the CLI aborts it on SIGINT and SIGTERM) before that, the
 * temporary folder is removed and nothing is left.
 */
export async function initProject(dir: string | undefined, { signal, baseUrl }: InitOptions = {}): Promise<InitResult> {
  let target: string;
  let base: string | undefined;
  try {
    target = checkTarget(dir);
    base = baseUrlOf(baseUrl);
  } catch (error) {
    if (error instanceof TilpressError) throw error;
    // A folder that cannot be read (permissions): one line, like every other init error.
    throw new TilpressError(
      `init cannot use ${String(dir)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  let temp: string | undefined;
  let claim: string | undefined;
  const moved: string[] = [];
  try {
    temp = mkdtempSync(join(dirname(target), INIT_TEMP_PREFIX));
    const created = await writeScaffold(temp, target, { signal, baseUrl: base });
    await faultPoint(signal);
    signal?.throwIfAborted(); // From here on, renames only: done at once.
    if (existsSync(target)) {
      // An existing empty folder (perhaps the shell's current one) stays: its entries move in,
      // each a rename; should one fail, those already moved are taken out again below. A claim
      // file made exclusively first, and the folder found holding nothing else, keeps a second
      // init (or a file someone saves meanwhile) from being overwritten and then removed.
      claim = join(target, INIT_CLAIM);
      writeFileSync(claim, `${process.pid}\n`, { flag: "wx" });
      const others = readdirSync(target).filter((name) => name !== INIT_CLAIM);
      if (others.length > 0)
        throw new UsageError(`${target} is not empty any more (${others.join(", ")}): init does not overwrite files`);
      for (const entry of readdirSync(temp)) {
        renameSync(join(temp, entry), join(target, entry));
        moved.push(join(target, entry));
      }
      rmdirSync(temp);
      rmSync(claim);
    } else {
      // mkdtemp makes its folder private (0700); the project folder gets the mode any new
      // folder of the user's gets (0755 under the usual umask 022), before it has its name.
      chmodSync(temp, 0o777 & ~process.umask());
      renameSync(temp, target);
    }
    return { dir: target, created, baseUrl: base };
  } catch (error) {
    for (const entry of moved) rmSync(entry, { recursive: true, force: true });
    if (claim !== undefined && ownsClaim(claim)) rmSync(claim, { force: true });
    if (temp !== undefined) rmSync(temp, { recursive: true, force: true });
    if (error instanceof TilpressError) throw error;
    if (signal?.aborted) throw new InitStopped(`init stopped by ${String(signal.reason)}; nothing was created`);
    const reason = error instanceof Error ? error.message : String(error);
    throw new TilpressError(`init could not create ${target} (${reason}); nothing was created`);
  }
}

/**
 * A word as a POSIX shell reads it back: as it is when it holds only characters no shell treats
 * specially, else in single quotes (a quote inside as '\''). A name starting with "-" gets "./"
 * so `cd` does not take it for an option. Hand-written: four lines, for one hint.
 */
export function shellWord(word: string): string {
  const safe = word.startsWith("-") ? `./${word}` : word;
  return /^[\w@%+=:,./-]+$/.test(safe) ? safe : `'${safe.replaceAll("'", "'\\''")}'`;
}

/** What to type next, after init made `made` from `dir` as given, in the shell's folder `cwd`. */
export function nextSteps(made: InitResult, dir: string, cwd: string): string {
  const cd = made.dir === cwd ? "" : `cd ${shellWord(dir)} && `;
  const next = `Next: ${cd}npm install && npm run build`;
  if (made.baseUrl !== undefined) return next;
  return (
    `${next}\nBefore publishing, set baseUrl in tilpress.config.json to the address dist/ is served from ` +
    "(canonical links, feeds, the sitemap and the emails' links need it; check warns site/no-base-url until then)"
  );
}
