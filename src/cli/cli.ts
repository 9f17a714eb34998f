import { parseArgs } from "node:util";
import { relative } from "node:path";
import { TilpressError, UsageError } from "../core/errors.js";
import type { ReporterName } from "./reporter.js";
import type { BuildProgress } from "../config.js";

const HELP = `tilpress: trilingual press briefings (en, kk, ru) from article data

Usage:
  tilpress build [options]     build every article × locale × template into --out
  tilpress check [options]     report everything build would, without writing anything
  tilpress init [dir]          scaffold a data repository (templates, catalog, one article)
  tilpress review [options]    mark translations reviewed against the current English text
  tilpress merge --out <dir> <shard dir>...   join shard builds into one folder
  tilpress preview [--port n]  serve every page from memory on 127.0.0.1, reloading on save
  tilpress newsletter [--issue id] [--send] [--to addr]
                               write the newsletter emails (html, txt, eml per locale) into
                               --out/newsletter/; a dry run unless --send (SMTP from TILPRESS_SMTP_*)

Options:
  --root <dir>         project folder with data/, locales/, templates/ (default: .)
  --out <dir>          output folder for build (default: <root>/dist)
  --locale <l,...>     only these locales (en, kk, ru)
  --article <id,...>   only these articles
  --template <t,...>   only these templates (briefing, press-release, media-advisory, newsletter);
                       an article is built in those of its kind (docs/content-model.md)
  --format <f,...>     only these formats (html, pdf)
  --page-size <size>   A4 (default) or Letter
  --pdf-standard <s>   pdf/a-2b: PDF/A identification and metadata
  --strict             warnings are errors (a missing translation fails the build)
  --fail-fast          stop at the first article with an error
  --now <date-time>    the build's clock for embargoes (default: SOURCE_DATE_EPOCH, else now)
  --shard <k/n>        build the k-th of n deterministic shards of the articles (CI matrix)
  -j, --jobs <n>        worker threads (default: the number of cores)
  --force              render everything, ignoring the incremental cache
  --no-cache           neither read nor write the cache (<root>/.tilpress-cache)
  --port <n>           preview: the port on 127.0.0.1 (default: 4780; 0 picks a free one)
  --reporter <name>    text (default), json or github
  --quiet              print only diagnostics
  --issue <id,...>     newsletter: only these issues (data/newsletters/<id>.yaml)
  --send               newsletter: deliver over SMTP (TILPRESS_SMTP_HOST, _PORT, _SECURE, _USER, _PASS)
  --to <addr,...>      newsletter: send to these addresses instead of the issue's list address
  -h, --help           this help
  -v, --version        the version

Exit codes: 0 ok, 1 content errors (or warnings under --strict), 2 usage or internal error.
`;

const list = (value: string | undefined) =>
  value
    ? value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;

export async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      root: { type: "string" },
      out: { type: "string" },
      locale: { type: "string" },
      article: { type: "string" },
      template: { type: "string" },
      format: { type: "string" },
      "page-size": { type: "string" },
      "pdf-standard": { type: "string" },
      strict: { type: "boolean" },
      "fail-fast": { type: "boolean" },
      now: { type: "string" },
      shard: { type: "string" },
      force: { type: "boolean" },
      jobs: { type: "string", short: "j" },
      "no-cache": { type: "boolean" },
      reporter: { type: "string" },
      port: { type: "string" },
      quiet: { type: "boolean" },
      issue: { type: "string" },
      send: { type: "boolean" },
      to: { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
  if (values.version) {
    const { VERSION } = await import("../version.js");
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(HELP);
    return command || values.help ? 0 : 2;
  }
  const reporter = (values.reporter ?? "text") as ReporterName;
  if (!["text", "json", "github"].includes(reporter))
    throw new UsageError(`--reporter must be text, json or github, not "${reporter}"`);

  if (command === "init") {
    const { initProject } = await import("./init.js");
    const dir = rest[0] ?? ".";
    const created = initProject(dir);
    process.stdout.write(
      `Created in ${dir}: ${created.join(", ")}\nNext: cd ${dir} && npm install && npx tilpress build\n`,
    );
    return 0;
  }
  if (command === "merge") {
    const { mergeShards } = await import("./merge.js");
    const { resolveConfig } = await import("../config.js");
    const config = resolveConfig({
      ...(values.root ? { root: values.root } : {}),
      ...(list(values.locale) ? { locales: list(values.locale) ?? [] } : {}),
    });
    if (!values.out) throw new UsageError("merge needs --out <dir>");
    const merged = mergeShards(config, rest, values.out);
    process.stderr.write(
      `Merged ${rest.length} shard(s) into ${displayPath(values.out)}/: ${merged.files} files (${merged.written} written, ${merged.unchanged} unchanged)\n`,
    );
    return 0;
  }
  if (command === "review") {
    const { reviewTranslations } = await import("./review.js");
    const { resolveConfig } = await import("../config.js");
    const config = resolveConfig({
      ...(values.root ? { root: values.root } : {}),
      ...(list(values.locale) ? { locales: list(values.locale) ?? [] } : {}),
    });
    const marked = reviewTranslations(config.root, list(values.article), config.locales);
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
    const [locales, templates] = [list(values.locale), list(values.template)];
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
    const { runNewsletter } = await import("./newsletter.js");
    const { formatReport } = await import("./reporter.js");
    const [locales, issues, to] = [list(values.locale), list(values.issue), list(values.to)];
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
      },
      process.env,
    );
    const color = reporter === "text" && process.stderr.isTTY && !process.env["NO_COLOR"];
    (reporter === "json" ? process.stdout : process.stderr).write(
      formatReport(run.diagnostics, reporter, { root: run.root, color }),
    );
    if (reporter !== "json") process.stdout.write(run.report);
    if (!values.quiet && reporter !== "json") {
      const w = run.written;
      const files = `${w.written} written, ${w.unchanged} unchanged${w.removed ? `, ${w.removed} removed` : ""}`;
      process.stderr.write(
        `Newsletter: ${w.files} file(s) into ${run.out}/newsletter/ (${files}); ` +
          `${run.errorCount} error(s), ${run.warningCount} warning(s)\n`,
      );
    }
    return run.errorCount > 0 || (values.strict && run.warningCount > 0) ? 1 : 0;
  }
  if (values.issue !== undefined || values.send || values.to !== undefined)
    throw new UsageError("--issue, --send and --to are options of tilpress newsletter");
  if (command !== "build" && command !== "check")
    throw new UsageError(`Unknown command "${command}". Run tilpress --help.`);
  if (rest.length) throw new UsageError(`Unexpected argument "${rest[0]}"`);

  const started = performance.now();
  const { buildInParallel, DEFAULT_JOBS } = await import("../build/parallel.js");
  const jobs = values.jobs === undefined ? DEFAULT_JOBS : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new UsageError(`--jobs must be a whole number of at least 1, not "${values.jobs}"`);
  const { formatReport } = await import("./reporter.js");
  const { progressReporter } = await import("./progress.js");
  const progress = values.quiet || reporter === "json" ? undefined : progressReporter(process.stderr, process.env);
  const [locales, articles, templates, formats] = [
    list(values.locale),
    list(values.article),
    list(values.template),
    list(values.format),
  ];
  // build streams its outputs to temp files as they are made; a signal removes them and leaves
  // the previous outputs as they were.
  const { OutputWriter, removePendingTemps } = await import("../emit/writeOutputs.js");
  const { resolve } = await import("node:path");
  const out = values.out ?? resolve(values.root ?? ".", "dist");
  const writer = command === "build" ? new OutputWriter(out) : undefined;
  if (writer) {
    const onSignal = (signal: NodeJS.Signals) => {
      removePendingTemps();
      process.stderr.write(`\ntilpress: stopped by ${signal}; previous outputs left intact\n`);
      process.exit(130);
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }
  const result = await buildInParallel(
    {
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
    },
    jobs,
    writer,
  );
  progress?.end();
  const color = reporter === "text" && process.stderr.isTTY && !process.env["NO_COLOR"];
  const report = formatReport(result.diagnostics, reporter, { root: result.config.root, color });
  (reporter === "json" ? process.stdout : process.stderr).write(report);

  let summary: string;
  if (writer) {
    const written = writer.commit();
    const pages = result.outputs.filter((o) => o.article).length;
    const emails = result.outputs.filter((o) => o.template === "newsletter").length;
    const articles = new Set(result.outputs.map((o) => o.article).filter(Boolean)).size;
    const removed = written.removed.length;
    summary =
      `Built ${pages} file${pages === 1 ? "" : "s"} for ${articles} article(s)` +
      `${emails ? ` and ${emails} newsletter file(s)` : ""} into ${displayPath(out)}/` +
      ` (${written.written} written, ${written.unchanged} unchanged${removed ? `, ${removed} removed` : ""}` +
      `${result.cached.length ? `; ${result.cached.length} article(s) from the cache` : ""})`;
  } else {
    summary = `Checked ${result.articles.length} article(s)`;
  }
  const skipped = result.skipped.map(
    (s) => `${s.article} [${s.locale}]: ${s.reason === "missing" ? "no translation" : "errors"}`,
  );
  if (!values.quiet && reporter !== "json") {
    process.stderr.write(
      `${summary}; ${result.config.locales.length} locale(s); ` +
        `${result.errorCount} error(s), ${result.warningCount} warning(s) in ${formatWallTime(performance.now() - started)}\n` +
        (skipped.length ? `Not built: ${skipped.join("; ")}\n` : ""),
    );
  }
  return result.errorCount > 0 || (values.strict && result.warningCount > 0) ? 1 : 0;
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
    if (error instanceof TilpressError && error.cause) process.stderr.write(`  caused by: ${String(error.cause)}\n`);
    process.exitCode = 2;
  }
}
