import { parentPort, workerData } from "node:worker_threads";
import { projectFiles, resolveConfig, type BuildOptions } from "../config.js";
import { TilpressError, UsageError } from "../core/errors.js";
import { loadCatalog } from "../i18n/catalog.js";
import { loadTemplates } from "../render/templates.js";
import { buildNewsletterOutputs } from "./newsletters.js";

/** What the main thread gives the newsletter worker. */
export interface NewsletterJob {
  /** The build's options as plain data (the Scheduler's, the clock fixed). */
  readonly options: BuildOptions;
  /** The articles the build selected: their own errors are the article build's to report. */
  readonly selected: readonly string[];
}

/**
 * The newsletters of a build whose articles are rendered in the main thread (a few misses, see
 * IN_THREAD_ARTICLES): composed here, on the core that build leaves idle, and sent back. Only
 * what an email reads is set up: the catalog and the templates, unchecked (their checks are the
 * article build's, and the newsletters never report them), no fonts.
 */
const { options, selected } = workerData as NewsletterJob;

try {
  const config = resolveConfig(options);
  const files = projectFiles(config);
  const built = await buildNewsletterOutputs(config, selected, {
    shared: (c, diagnostics) => ({
      catalog: loadCatalog(c.localesDir, files, c.profiles, diagnostics),
      templates: loadTemplates(c.templatesDir, files, diagnostics, c.fonts),
    }),
  });
  const outputs = built.outputs.map((o) => ({
    ...o,
    contents: new Uint8Array(o.contents.buffer, o.contents.byteOffset, o.contents.byteLength).slice(),
  }));
  parentPort?.postMessage(
    { ok: true, outputs, diagnostics: built.diagnostics, notBuilt: built.notBuilt },
    outputs.map((o) => o.contents.buffer as ArrayBuffer),
  );
} catch (error) {
  parentPort?.postMessage({
    ok: false,
    usage: error instanceof UsageError,
    known: error instanceof TilpressError,
    message: error instanceof Error ? error.message : String(error),
  });
}
