import { UsageError } from "../core/errors.js";
import { didYouMean } from "../core/suggest.js";

export { didYouMean };

/**
 * The command line as data: every option once, and per command the options it takes. Help,
 * "did you mean" and the check that an option applies to its command all read these tables.
 */

export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  /** The value's placeholder in help, for a string option. */
  readonly value?: string;
  /** May be given more than once (values add up, as a comma list does). */
  readonly multiple?: boolean;
  readonly help: string;
}

export const OPTIONS = {
  root: { type: "string", value: "<dir>", help: "project folder with data/, locales/, templates/ (default: .)" },
  out: { type: "string", value: "<dir>", help: "output folder (default: <root>/dist)" },
  locale: {
    type: "string",
    value: "<l,...>",
    multiple: true,
    help: "only these locales (en, kk, kk-Latn, ru, or those the project adds)",
  },
  article: {
    type: "string",
    value: "<glob,...>",
    multiple: true,
    help: "only articles whose id matches one of these globs ('story-2020-*', '{a,b}-*', '!draft-*')",
  },
  template: {
    type: "string",
    value: "<t,...>",
    multiple: true,
    help: "only these templates (briefing, press-release, media-advisory, newsletter); each article is built in those of its kind",
  },
  format: { type: "string", value: "<f,...>", multiple: true, help: "only these formats (html, pdf)" },
  "page-size": { type: "string", value: "<size>", help: "A4 (default) or Letter" },
  "pdf-standard": { type: "string", value: "<s>", help: "pdf/a-1b or pdf/a-2b: PDFs that conform to PDF/A" },
  strict: { type: "boolean", help: "warnings are errors (a missing translation fails the build)" },
  "fail-fast": { type: "boolean", help: "stop at the first article with an error" },
  now: { type: "string", value: "<date-time>", help: "the clock for embargoes (default: SOURCE_DATE_EPOCH, else now)" },
  shard: { type: "string", value: "<k/n>", help: "build the k-th of n deterministic shards of the articles (CI)" },
  jobs: {
    type: "string",
    short: "j",
    value: "<n>",
    help: "threads that build: this one and n - 1 workers (default: the number of cores; 32 articles or fewer in this one)",
  },
  force: { type: "boolean", help: "render everything, ignoring the incremental cache" },
  "no-cache": {
    type: "boolean",
    help: "neither read nor write the cache (<root>/.tilpress-cache); the tool cache is kept (TILPRESS_TOOL_CACHE=off)",
  },
  "base-url": {
    type: "string",
    value: "<url>",
    help: "where dist/ will be published (https://press.example.org/): written to tilpress.config.json as baseUrl",
  },
  port: { type: "string", value: "<n>", help: "the port on 127.0.0.1 (default: 4780; 0 picks a free one)" },
  reporter: { type: "string", value: "<name>", help: "text (default), json or github" },
  quiet: { type: "boolean", help: "print only diagnostics" },
  table: {
    type: "string",
    value: "<name>",
    help: "qualifiers: also print every qualifier × unit × probe count per locale to stdout (tab-separated)",
  },
  issue: { type: "string", value: "<id,...>", multiple: true, help: "only these issues (data/newsletters/<id>.yaml)" },
  send: { type: "boolean", help: "deliver over SMTP (TILPRESS_SMTP_HOST, _PORT, _SECURE, _USER, _PASS, _CA)" },
  insecure: {
    type: "boolean",
    help: "with --send: allow the SMTP password over a connection without TLS (not recommended)",
  },
  to: { type: "string", value: "<addr,...>", multiple: true, help: "send to these addresses instead of the list's" },
  help: { type: "boolean", short: "h", help: "this help" },
  version: { type: "boolean", short: "v", help: "the version" },
} as const satisfies Readonly<Record<string, OptionSpec>>;

export type OptionName = keyof typeof OPTIONS;

export interface CommandSpec {
  readonly usage: string;
  readonly summary: string;
  /** More about the command, for `tilpress help <command>`. */
  readonly details?: string;
  readonly options: readonly OptionName[];
}

const SELECT: readonly OptionName[] = ["locale", "article", "template", "format"];
const REPORT: readonly OptionName[] = ["reporter", "quiet"];
const RENDER: readonly OptionName[] = ["page-size", "pdf-standard", "strict", "now", "shard", "jobs"];

export const COMMANDS = {
  build: {
    usage: "tilpress build [options]",
    summary: "build every article × locale × template into --out",
    details: "Exit 0 when everything built, 1 on content errors (or warnings under --strict), 2 on a usage error.",
    options: ["root", "out", ...SELECT, ...RENDER, "fail-fast", "force", "no-cache", ...REPORT],
  },
  check: {
    usage: "tilpress check [options]",
    summary: "report everything build would, writing nothing but its cache",
    details:
      "--table qualifiers prints how each unit of the catalogs reads after every qualifier and as a range, " +
      "at the probe counts 0, 1, 2, 3, 5, 11, 21, 22, 25, 101, 111, 1000, 1.5, 0.5, 10.8, for an editor to review.",
    options: ["root", ...SELECT, ...RENDER, "fail-fast", "force", "no-cache", ...REPORT, "table"],
  },
  init: {
    usage: "tilpress init <dir> [--base-url <url>]",
    summary: "scaffold a data repository (templates, catalog, one example of each kind)",
    details:
      "Writes tilpress.config.json; give --base-url (or set baseUrl there later) before publishing: " +
      "canonical links, feeds, the sitemap and the emails' links need the site's address.",
    options: ["base-url"],
  },
  review: {
    usage: "tilpress review [options]",
    summary: "mark translations reviewed against the current source text",
    options: ["root", "locale", "article"],
  },
  merge: {
    usage: "tilpress merge --out <dir> <shard>...",
    summary: "join shard builds into one folder",
    details:
      "--locale leaves no shard's file out: it names the locales the shards were built with when they joined ones the config lacks (as build --locale joins them), for the press rooms and feeds.",
    options: ["root", "out", "locale"],
  },
  preview: {
    usage: "tilpress preview [options]",
    summary: "serve every page from memory on 127.0.0.1, reloading on save",
    options: ["root", "port", "locale", "template", "strict"],
  },
  newsletter: {
    usage: "tilpress newsletter [options]",
    summary: "write the newsletter emails (html, txt, eml per locale) into --out/newsletter/",
    details: "A dry run unless --send; SMTP settings come from TILPRESS_SMTP_* in the environment.",
    options: ["root", "out", "locale", "issue", "send", "insecure", "to", "strict", "now", ...REPORT],
  },
  help: {
    usage: "tilpress help [command]",
    summary: "this help, or one command's",
    options: [],
  },
} as const satisfies Readonly<Record<string, CommandSpec>>;

export type CommandName = keyof typeof COMMANDS;

export function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

const flag = (name: OptionName) => {
  const spec: OptionSpec = OPTIONS[name];
  return `${spec.short ? `-${spec.short}, ` : ""}--${name}${spec.value ? ` ${spec.value}` : ""}`;
};

function optionLines(names: readonly OptionName[]): string {
  const width = Math.max(...names.map((n) => flag(n).length)) + 2;
  return names.map((n) => `  ${flag(n).padEnd(width)}${OPTIONS[n].help}\n`).join("");
}

const EXIT_CODES = "Exit codes: 0 ok, 1 content errors (or warnings under --strict), 2 usage or internal error.\n";

/** `tilpress --help`: every command, then the options every command shares. */
export function globalHelp(): string {
  const names = Object.keys(COMMANDS) as CommandName[];
  const width = Math.max(...names.map((n) => COMMANDS[n].usage.length)) + 2;
  return (
    "tilpress: trilingual press briefings (en, kk, ru) from article data\n\nUsage:\n" +
    names.map((n) => `  ${COMMANDS[n].usage.padEnd(width)}${COMMANDS[n].summary}\n`).join("") +
    "\nRun `tilpress <command> --help` or `tilpress help <command>` for a command's options.\n\n" +
    "Options of every command:\n" +
    optionLines(["help", "version"]) +
    "\n" +
    EXIT_CODES
  );
}

/** `tilpress <command> --help`: its usage and exactly the options it takes. */
export function commandHelp(name: CommandName): string {
  const command: CommandSpec = COMMANDS[name];
  return (
    `${command.usage}\n\n${command.summary}.\n` +
    (command.details ? `${command.details}\n` : "") +
    (command.options.length ? `\nOptions:\n${optionLines([...command.options, "help"])}` : "") +
    `\n${EXIT_CODES}`
  );
}

/** A command name that is not one, with the closest command suggested. */
export function unknownCommand(name: string): UsageError {
  const guess = didYouMean(name, Object.keys(COMMANDS));
  return new UsageError(
    `Unknown command "${name}".${guess ? ` Did you mean "${guess}"?` : ""} Run tilpress --help for the commands.`,
  );
}

/**
 * An option the command line has no such name for, or that this command does not take. `typed`
 * is the argument it came from: a one-letter option unknown in a group (`-dash`: -d, -a …) is
 * more often a name that starts with a dash, which goes after `--`.
 */
export function checkOption(command: CommandName, option: string, typed = `--${option}`): void {
  const known = Object.hasOwn(OPTIONS, option);
  const takes: readonly string[] = [...COMMANDS[command].options, "help", "version"];
  if (known && takes.includes(option)) return;
  if (known)
    throw new UsageError(`--${option} does not apply to ${command}. Run tilpress ${command} --help for its options.`);
  const help = `Run tilpress ${command} --help for its options.`;
  if (typed === `-${option}`) throw new UsageError(`Unknown option -${option}. ${help}`);
  if (!typed.startsWith("--"))
    throw new UsageError(
      `Unknown option -${option} in "${typed}". A name that starts with "-" goes after "--": tilpress ${command} -- ${typed}`,
    );
  const guess = didYouMean(option, takes) ?? didYouMean(option, Object.keys(OPTIONS));
  throw new UsageError(`Unknown option --${option}.${guess ? ` Did you mean --${guess}?` : ""} ${help}`);
}
