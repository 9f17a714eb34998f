import { resolveConfig, type BuildOptions, type ResolvedConfig } from "../config.js";
import { DiagnosticList, warned, type Diagnostic, type Warned } from "../core/diagnostic.js";
import type { Output } from "../emit/output.js";
import type {
  IssueNotBuilt,
  NewsletterBuild,
  NewsletterMessage,
  NewsletterOptions,
} from "../newsletter/buildNewsletters.js";
import { listNewsletters } from "../newsletter/loadNewsletter.js";
import { selectedDiagnostics } from "./selection.js";
import { BuildSetUp } from "./setUp.js";

/** The newsletter outputs of a build and their diagnostics, to join the article build's. */
export interface NewsletterOutputs {
  readonly outputs: readonly Output[];
  readonly diagnostics: readonly Diagnostic[];
  /** Each issue × locale left out, with the errors that keep it out. */
  readonly notBuilt?: readonly IssueNotBuilt[];
}

/**
 * The newsletter issues of a build (`tilpress build` includes them): built in the first shard
 * only, so that merged shards hold them once, and only when `--template` asks for them. The
 * catalog and template diagnostics are left to the article build, which reports them too, and
 * so are the errors of the articles it selected (`selected`).
 */
export async function buildNewsletterOutputs(
  config: ResolvedConfig,
  selected: readonly string[],
  setUp: BuildSetUp = new BuildSetUp(),
): Promise<NewsletterOutputs> {
  if (!config.newsletters || (config.shard && config.shard.index !== 1)) return { outputs: [], diagnostics: [] };
  const diagnostics = new DiagnosticList(config.policy);
  // The catalog's and templates' own diagnostics are the article build's to report.
  const built = await composeIssues(
    { config, setUp, diagnostics, shared: diagnostics.fork() },
    {
      reported: (id) => selected.includes(id),
    },
  );
  return { outputs: [...built.outputs], diagnostics: diagnostics.items, notBuilt: built.notBuilt };
}

export type NewsletterResult = Warned<{
  readonly config: ResolvedConfig;
  /** Per issue and locale: `newsletter/<issue>/<locale>.html`, `.txt`, `.eml`. Nothing is written. */
  readonly outputs: readonly Output[];
  /** The composed messages, for a dry run's list or `sendNewsletter`. */
  readonly messages: readonly NewsletterMessage[];
}>;

/** The newsletter issues alone, in memory: what `tilpress newsletter` writes. Never throws for bad content. */
export async function buildNewsletterIssues(
  options: BuildOptions & { readonly issues?: readonly string[] } = {},
): Promise<NewsletterResult> {
  const config = resolveConfig(options);
  const diagnostics = new DiagnosticList(config.policy);
  const built = await composeIssues(
    { config, setUp: new BuildSetUp(), diagnostics, shared: diagnostics },
    options.issues ? { issues: options.issues } : {},
  );
  return warned(
    { config, outputs: built.outputs, messages: built.messages },
    selectedDiagnostics(config, diagnostics.items),
  );
}

/**
 * The newsletters with the set-up's catalog and templates (their diagnostics into `shared`).
 * Imported when needed: the email libraries (juice, html-to-text, nodemailer) stay out of build workers.
 */
async function composeIssues(
  run: { config: ResolvedConfig; setUp: BuildSetUp; diagnostics: DiagnosticList; shared: DiagnosticList },
  options: Pick<NewsletterOptions, "issues" | "reported">,
): Promise<NewsletterBuild> {
  // No issue to build: neither the email libraries nor the templates are loaded for it.
  if (!options.issues?.length && listNewsletters(run.config.root).length === 0)
    return { outputs: [], messages: [], notBuilt: [] };
  const { catalog, templates } = run.setUp.shared(run.config, run.shared);
  const { buildNewsletters } = await import("../newsletter/buildNewsletters.js");
  return buildNewsletters({
    config: run.config,
    catalog,
    templates,
    diagnostics: run.diagnostics,
    ...options,
    sharedData: (diagnostics) => run.setUp.sharedData(run.config, diagnostics),
    lend: (id, loaded) => run.setUp.loans.lend(run.config, id, loaded),
    toolCache: run.setUp.toolCache,
  });
}
