import { parseArgs } from "node:util";
import { constants } from "node:os";
import { relative, resolve } from "node:path";
import { DeliveryError, ShardSetError, TilpressError, UsageError } from "../core/errors.js";
import type { ReporterName } from "./reporter.js";
import type { BuildOptions, BuildProgress } from "../config.js";
import type { Output } from "../emit/output.js";
import {
  checkOption,
  commandHelp,
  didYouMean,
  globalHelp,
  isCommand,
  OPTIONS,
  unknownCommand,
  type CommandName,
  type OptionName,
  type OptionSpec,
} from "./commands.js";

/**
 * Comma lists (`--locale en,kk`) and repeated options (`--article a --article b`) add up; a comma
 * inside braces belongs to a glob (`{a,b}-*`).
 */
function list(value: string | readonly string[] | undefined, option: string): string[] | undefined {
  if (value === undefined) return undefined;
  const items: string[] = [];
  for (const v of typeof value === "string" ? [value] : value) {
    let depth = 0;
    let item = "";
    for (const ch of v) {
      if (ch === "," && depth === 0) {
        items.push(item);
        item = "";
        continue;
      }
      if (ch === "{") depth++;
      if (ch === "}") depth = Math.max(0, depth - 1);
      item += ch;
    }
    items.push(item);
  }
  const out = items.map((s) => s.trim()).filter(Boolean);
  // `--article ''` (an unset CI variable) must not quietly mean "everything".
  if (!out.length) throw new UsageError(`--${option} is empty: give at least one value, or leave the option out`);
  return out;
}

const PARSE_OPTIONS = Object.fromEntries(
  Object.entries(OPTIONS).map(([name, spec]: [string, OptionSpec]) => [
    name,
    { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) },
  ]),
) as unknown as {
  [K in OptionName]: { type: (typeof OPTIONS)[K]["type"]; short?: string } & ((typeof OPTIONS)[K] extends {
    multiple: true;
  }
    ? { multiple: true }
    : { multiple?: false });
};

/**
 * The command and its options: a mistyped command or option gets a suggestion, an option the
 * command does not take is refused, and `--help` / `help <command>` are answered here.
 */
function readCommandLine(argv: readonly string[]): { command: CommandName | undefined; rest: string[] } {
  const { positionals, tokens } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: false,
    tokens: true,
    options: PARSE_OPTIONS,
  });
  const name = positionals[0];
  if (name !== undefined && !isCommand(name)) throw unknownCommand(name);
  const command = name as CommandName | undefined;
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    // parseArgs names a known short option (-j) by its long name already.
    const long = token.name;
    // A short option as typed, or the group it is one letter of (`-dash`: -d -a -s -h).
    const short = token.rawName.length === 2 ? (argv[token.index] ?? token.rawName) : undefined;
    if (command) checkOption(command, long, short);
    else if (!Object.hasOwn(OPTIONS, long)) {
      const guess = didYouMean(long, Object.keys(OPTIONS));
      throw new UsageError(`Unknown option ${token.rawName}.${guess ? ` Did you mean --${guess}?` : ""}`);
    }
    const spec: OptionSpec | undefined = (OPTIONS as Record<string, OptionSpec>)[long];
    if (spec?.type === "string" && token.value === undefined)
      throw new UsageError(`${token.rawName} needs a value${spec.value ? ` (${token.rawName} ${spec.value})` : ""}`);
    if (spec?.type === "boolean" && token.value !== undefined)
      throw new UsageError(`${token.rawName} takes no value (got "${token.value}")`);
  }
  return { command, rest: positionals.slice(1) };
}

export async function main(argv: readonly string[]): Promise<number> {
  const { command, rest } = readCommandLine(argv);
  const { values } = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: PARSE_OPTIONS });
  if (values.version) {
    const { VERSION } = await import("../version.js");
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (command === "help") {
    const topic = rest[0];
    if (topic !== undefined && !isCommand(topic)) throw unknownCommand(topic);
    process.stdout.write(topic ? commandHelp(topic) : globalHelp());
    return 0;
  }
  if (values.help || !command) {
    process.stdout.write(command ? commandHelp(command) : globalHelp());
    return command || values.help ? 0 : 2;
  }
  const reporter = (values.reporter ?? "text") as ReporterName;
  if (!["text", "json", "github"].includes(reporter))
    throw new UsageError(`--reporter must be text, json or github, not "${reporter}"`);

  if (command === "init") {
    const { initProject, InitStopped, nextSteps } = await import("./init.js");
    if (rest.length > 1) throw new UsageError(`Unexpected argument "${rest[1]}": tilpress init <dir>`);
    const dir = rest[0];
    // Ctrl-C or SIGTERM while init copies: it removes its temporary folder and leaves nothing.
    const stop = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => stop.abort(signal);
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      const baseUrl = values["base-url"];
      const made = await initProject(dir, { signal: stop.signal, ...(baseUrl === undefined ? {} : { baseUrl }) });
      process.stdout.write(
        `Created ${made.dir}: ${made.created.join(", ")}\n${nextSteps(made, dir ?? ".", process.cwd())}\n`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof InitStopped)) throw error;
      process.stderr.write(`tilpress: ${error.message}\n`);
      return 130;
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  }
  if (command === "merge") {
    const { mergeShards } = await import("./merge.js");
    const { resolveConfig } = await import("../config.js");
    const config = resolveConfig({
      ...(values.root ? { root: values.root } : {}),
      ...(list(values.locale, "locale") ? { locales: list(values.locale, "locale") ?? [] } : {}),
    });
    if (!values.out) throw new UsageError("merge needs --out <dir>");
    const merged = mergeShards(config, rest, values.out);
    process.stderr.write(
      `Merged ${rest.length} shard(s) into ${displayPath(values.out)}/: ${merged.files} files (${merged.written} written, ${merged.unchanged} unchanged)\n`,
    );
    return 0;
  }
  if (command === "review") {
    const { nothingToReview, reviewTranslations, translationLocales } = await import("./review.js");
    const { resolveConfig } = await import("../config.js");
    const config = resolveConfig({
      ...(values.root ? { root: values.root } : {}),
      ...(list(values.locale, "locale") ? { locales: list(values.locale, "locale") ?? [] } : {}),
    });
    const [first] = config.selectedLocales;
    const source = config.profiles.source;
    if (first !== undefined && !translationLocales(config.selectedLocales, source).length)
      throw nothingToReview(first, config.locales, source);
    const marked = reviewTranslations(
      config.root,
      list(values.article, "article"),
      config.selectedLocales,
      config.profiles.source,
    );
    process.stdout.write(
      marked.length
        ? `Marked reviewed: ${marked.join(", ")}\n`
        : "Every translation already records the current source text.\n",
    );
    return 0;
  }
  if (command === "preview") {
    if (rest.length) throw new UsageError(`Unexpected argument "${rest[0]}"`);
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
      throw new UsageError(`--port must be a port number, not "${values.port}"`);
    const { startPreview } = await import("../preview/server.js");
    const [locales, templates] = [list(values.locale, "locale"), list(values.template, "template")];
    const server = await startPreview({
      build: {
        ...(values.root ? { root: values.root } : {}),
        ...(locales ? { locales } : {}),
        ...(templates ? { templates } : {}),
        strict: values.strict ?? false,
      },
      ...(port !== undefined ? { port } : {}),
      onChange: (changed) =>
        process.stderr.write(`Changed: ${[...new Set(changed.map(displayPath))].join(", ")}; reloading open pages\n`),
    });
    process.stderr.write(`Preview at ${server.url} (watching data/, locales/, templates/; Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    await server.close();
    return 0;
  }
  if (command === "newsletter") {
    if (rest.length) throw new UsageError(`Unexpected argument "${rest[0]}"`);
    if (values.insecure && values.send)
      process.stderr.write("tilpress: warning: --insecure: the SMTP password may go over the network in clear text\n");
    const { runNewsletter } = await import("./newsletter.js");
    const { formatReport } = await import("./reporter.js");
    const [locales, issues, to] = [list(values.locale, "locale"), list(values.issue, "issue"), list(values.to, "to")];
    const run = await runNewsletter(
      {
        ...(values.root ? { root: values.root } : {}),
        ...(values.out ? { out: values.out } : {}),
        ...(locales ? { locales } : {}),
        ...(issues ? { issues } : {}),
        ...(to ? { to } : {}),
        ...(values.now ? { now: values.now } : {}),
        strict: values.strict ?? false,
        send: values.send ?? false,
        ...(values.insecure ? { insecure: true } : {}),
      },
      process.env,
    );
    const color = reporter === "text" && useColor(process.stderr, process.env);
    const workspace = process.env["GITHUB_WORKSPACE"];
    (reporter === "text" ? process.stderr : process.stdout).write(
      formatReport(run.diagnostics, reporter, { root: run.root, color, ...(workspace ? { workspace } : {}) }),
    );
    if (reporter !== "json") process.stdout.write(run.report);
    if (!values.quiet && reporter !== "json") {
      const w = run.written;
      const files = `${w.written} written, ${w.unchanged} unchanged${w.removed ? `, ${w.removed} removed` : ""}`;
      process.stderr.write(
        `Newsletter: ${w.files} file(s) into ${run.out}/newsletter/ and ${run.out}/manifest.json (${files}); ` +
          `${run.errorCount} error(s), ${run.warningCount} warning(s)\n`,
      );
    }
    return run.errorCount > 0 || (values.strict && run.warningCount > 0) ? 1 : 0;
  }
  if (rest.length) throw new UsageError(`Unexpected argument "${rest[0]}"`);
  if (values.table !== undefined && values.table !== "qualifiers")
    throw new UsageError(`--table must be qualifiers, not "${values.table}"`);
  if (values.table !== undefined && reporter === "json")
    throw new UsageError("--table and --reporter json both write to stdout; run them separately");

  const started = performance.now();
  const { buildInParallel } = await import("../build/parallel.js");
  const { MAX_JOBS, readProjectConfig } = await import("../projectConfig.js");
  const project = readProjectConfig(resolve(values.root ?? "."));
  // None given: the default, which also decides when a build is too small for workers.
  // Digits only: `1e6` and `0x10` are numbers to Number(), not what --jobs means.
  const jobs = values.jobs === undefined ? project.jobs : /^\d+$/.test(values.jobs) ? Number(values.jobs) : NaN;
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1))
    throw new UsageError(`--jobs must be a whole number of at least 1, not "${values.jobs}"`);
  if (jobs !== undefined && jobs > MAX_JOBS)
    throw new UsageError(`--jobs must be at most ${MAX_JOBS}, not "${values.jobs}"`);
  const { formatReport } = await import("./reporter.js");
  const { progressReporter } = await import("./progress.js");
  const progress = values.quiet || reporter === "json" ? undefined : progressReporter(process.stderr, process.env);
  const [locales, articles, templates, formats] = [
    list(values.locale, "locale"),
    list(values.article, "article"),
    list(values.template, "template"),
    list(values.format, "format"),
  ];
  // build streams its outputs into a staging folder as they are made; a signal stops the
  // workers (process.exit), removes the staging folder and the locks, and leaves the previous
  // outputs as they were. Another build writing to the same --out is waited for.
  const { OutputWriter, abortPendingWrites } = await import("../emit/writeOutputs.js");
  const waiting = (what: string) => (holder: { pid: number }) =>
    process.stderr.write(`tilpress: waiting for the build (pid ${holder.pid}) that is writing ${what}\n`);
  const { assertProjectRoot, resolveConfig } = await import("../config.js");
  assertProjectRoot(resolve(values.root ?? "."));
  const options: BuildOptions = {
    ...(values.root ? { root: values.root } : {}),
    ...(locales ? { locales } : {}),
    ...(articles ? { articles } : {}),
    ...(templates ? { templates } : {}),
    ...(formats ? { formats } : {}),
    ...(values.shard ? { shard: values.shard } : {}),
    ...(values["page-size"] ? { pageSize: values["page-size"] } : {}),
    ...(values["pdf-standard"] ? { pdfStandard: values["pdf-standard"] } : {}),
    strict: values.strict ?? false,
    checkOnly: command === "check",
    ...(values["no-cache"] ? {} : { cacheDir: ".tilpress-cache" }),
    force: values.force ?? false,
    failFast: values["fail-fast"] ?? false,
    ...(values.now ? { now: values.now } : {}),
    ...(progress ? { onProgress: (p: BuildProgress) => progress.update(p) } : {}),
    onWait: waiting("the cache"),
  };
  // Every usage error (an unknown locale, template or format, a bad --shard or --now, an article
  // pattern that matches nothing) before the output folder is touched: no lock, no staging folder.
  const { selectArticles } = await import("../build/selectArticles.js");
  const { listArticles } = await import("../load/loadProject.js");
  const config = resolveConfig(options);
  selectArticles(listArticles(config.root), config.articles, config.shard);
  const out = values.out ?? resolve(values.root ?? ".", project.out ?? "dist");
  const onSignal = (signal: NodeJS.Signals) => {
    abortPendingWrites();
    process.stderr.write(`\ntilpress: stopped by ${signal}; previous outputs left intact\n`);
    // 128 + the signal's number, as shells report it: 130 for Ctrl-C, 143 for SIGTERM.
    process.exit(128 + (constants.signals[signal] ?? 2));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const writer =
    command === "build" ? await OutputWriter.open(out, { onWait: waiting(displayPath(out) + "/") }) : undefined;
  // An HTML-only build links each page to the PDF dist/ holds when that PDF is its page's now.
  const keptPdfs = writer && !config.formats.includes("pdf") ? { keptPdfs: writer.keptPdfs() } : {};
  const result = await buildInParallel({ ...options, ...keptPdfs }, jobs, writer);
  progress?.end();
  const color = reporter === "text" && useColor(process.stderr, process.env);
  const workspace = process.env["GITHUB_WORKSPACE"];
  const report = formatReport(result.diagnostics, reporter, {
    root: result.config.root,
    color,
    ...(workspace ? { workspace } : {}),
  });
  // JSON and GitHub's workflow commands are for programs, which read stdout.
  (reporter === "text" ? process.stderr : process.stdout).write(report);

  let summary: string;
  if (writer && values["fail-fast"] && result.errorCount > 0) {
    // All or nothing: which articles were rendered before the first error depends on the cache
    // and the workers, so a failed --fail-fast build writes nothing rather than some of it.
    writer.abort();
    summary = `Stopped by --fail-fast: nothing written into ${displayPath(out)}/ (its previous outputs are as they were)`;
  } else if (writer) {
    const written = writer.commit();
    const { pages, articles, emails, site } = countOutputs(result.outputs);
    const removed = written.removed.length;
    // A filtered build's other outputs stay: with them the counts are the files the folder holds.
    const kept = written.kept ? `, ${written.kept} others kept` : "";
    summary =
      `Built ${fileCount(pages)} for ${articles} article(s)${emails ? `, ${fileCount(emails, "newsletter")}` : ""}` +
      ` and ${fileCount(site, "site")} into ${displayPath(out)}/` +
      ` (${written.written} written, ${written.unchanged} unchanged${kept}${removed ? `, ${removed} removed` : ""}` +
      `${result.cached.length ? `; ${result.cached.length} article(s) from the cache` : ""})`;
  } else {
    const cached = result.cached.length;
    summary = `Checked ${result.articles.length} article(s)${cached ? ` (${cached} from the cache)` : ""}`;
  }
  const skipped = result.skipped.map(
    (s) => `${s.article} [${s.locale}]: ${s.reason === "missing" ? "no translation" : "errors"}`,
  );
  if (!values.quiet && reporter !== "json") {
    process.stderr.write(
      `${summary}; ${result.config.selectedLocales.length} locale(s); ` +
        `${result.errorCount} error(s), ${result.warningCount} warning(s) in ${formatWallTime(performance.now() - started)}\n` +
        (skipped.length ? `Not built: ${skipped.join("; ")}\n` : ""),
    );
  }
  if (values.table === "qualifiers") {
    const { printQualifierTable } = await import("./qualifierTable.js");
    process.stdout.write(printQualifierTable(result.config));
  }
  return result.errorCount > 0 || (values.strict && result.warningCount > 0) ? 1 : 0;
}

/**
 * A build's files by what they are for: its articles' (pages, PDFs, images), the newsletters'
 * and the site's (press rooms, index.html, feeds, sitemap, manifest.json). They are every file
 * the build staged, so the three add up to the written and unchanged files.
 */
function countOutputs(outputs: readonly Pick<Output, "article" | "template">[]) {
  const pages = outputs.filter((o) => o.article).length;
  const emails = outputs.filter((o) => !o.article && o.template === "newsletter").length;
  const articles = new Set(outputs.map((o) => o.article).filter(Boolean)).size;
  return { pages, articles, emails, site: outputs.length - pages - emails };
}

/** "1 file", "30 files", "9 newsletter files". */
function fileCount(count: number, kind?: string): string {
  return `${count} ${kind ? `${kind} ` : ""}file${count === 1 ? "" : "s"}`;
}

/** FORCE_COLOR (not "0") forces colour, NO_COLOR turns it off, otherwise colour on a terminal. */
function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const force = env["FORCE_COLOR"];
  if (force !== undefined && force !== "" && force !== "0" && force !== "false") return true;
  if (env["NO_COLOR"] || force === "0" || force === "false") return false;
  return Boolean(stream.isTTY);
}

function formatWallTime(ms: number): string {
  return ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" ? "." : rel.startsWith("..") ? path : rel;
}

export async function run(argv: readonly string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"));
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`tilpress: ${message}\n`);
    if (!usage && !(error instanceof TilpressError))
      process.stderr.write(`${error instanceof Error ? error.stack : ""}\n`);
    if (error instanceof TilpressError && error.cause && !(error instanceof DeliveryError))
      process.stderr.write(`  caused by: ${String(error.cause)}\n`);
    process.exitCode = error instanceof ShardSetError || error instanceof DeliveryError ? 1 : 2;
  }
}
