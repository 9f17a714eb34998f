import { readProjectConfig } from "../projectConfig.js";
import { UsageError } from "../core/errors.js";
import { join, relative } from "node:path";
import { buildNewsletterIssues } from "../build/newsletters.js";
import type { Diagnostic } from "../core/diagnostic.js";
import { MANIFEST_PATH } from "../core/paths.js";
import { newsletterOwns } from "../build/selection.js";
import { manifestEntry, manifestFromEntries } from "../site/manifest.js";
import { OutputWriter, readManifest } from "../emit/writeOutputs.js";
import { TO_PLACEHOLDER, type NewsletterMessage } from "../newsletter/buildNewsletters.js";
import { checkRecipients, recipientsOf, sendNewsletter, smtpSettingsFromEnv } from "../newsletter/sendNewsletter.js";
import { VERSION } from "../version.js";

export interface NewsletterCommand {
  /** The clock for embargoes (ISO 8601 with an offset). */
  readonly now?: string;
  readonly root?: string;
  readonly out?: string;
  readonly locales?: readonly string[];
  readonly issues?: readonly string[];
  readonly strict: boolean;
  /** Deliver over SMTP; without it the command is a dry run that says what it would send. */
  readonly send: boolean;
  /** With --send: allow the password over a connection without TLS (warned about). */
  readonly insecure?: boolean;
  readonly to?: readonly string[];
}

export interface NewsletterRun {
  readonly root: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly errorCount: number;
  readonly warningCount: number;
  /** What was written, relative to the working folder, and how. */
  readonly out: string;
  readonly written: {
    readonly written: number;
    readonly unchanged: number;
    readonly removed: number;
    readonly files: number;
  };
  /** Lines for stdout: the dry run's list, or what was sent. */
  readonly report: string;
}

/**
 * `tilpress newsletter`: build the issues, write them into <out>/newsletter/<issue>/ (the rest
 * of the output folder and its manifest entries are left as they are), then either list what
 * would be sent (the default) or, with `--send`, deliver it. Nothing is sent when there are
 * errors: an email cannot be taken back.
 */
export async function runNewsletter(
  command: NewsletterCommand,
  env: Readonly<Record<string, string | undefined>>,
): Promise<NewsletterRun> {
  // Settings are checked before anything is built or written.
  if (command.insecure && !command.send) throw new UsageError("--insecure is an option of --send");
  checkRecipients(command.to);
  const smtp = command.send ? smtpSettingsFromEnv(env, { insecure: command.insecure ?? false }) : undefined;
  const built = await buildNewsletterIssues({
    ...(command.root ? { root: command.root } : {}),
    ...(command.locales ? { locales: command.locales } : {}),
    ...(command.issues ? { issues: command.issues } : {}),
    ...(command.now ? { now: command.now } : {}),
    strict: command.strict,
  });
  const { config } = built;

  const out = command.out ?? join(config.root, readProjectConfig(config.root).out ?? "dist");
  const writer = await OutputWriter.open(out);
  for (const output of built.outputs) writer.stage(output);
  // The manifest keeps every other output's entry (other issues, other locales, the pages) and
  // lists these issues' files in these locales anew.
  const kept = writer.retain(newsletterOwns(config, command.issues));
  const previous = readManifest(join(out, MANIFEST_PATH));
  const entries = [...kept, ...built.outputs.map(manifestEntry)];
  const shard =
    previous?.shard !== undefined ? { label: previous.shard, inputs: previous.shardInputs ?? "" } : undefined;
  const manifest = manifestFromEntries(entries, VERSION, shard);
  writer.stage({
    path: MANIFEST_PATH,
    format: "json",
    contents: Buffer.from(JSON.stringify(manifest, null, 2) + "\n"),
  });
  const written = writer.commit();

  const { errorCount, warningCount } = built;
  const blocked = errorCount > 0 || (command.strict && warningCount > 0);
  let report: string;
  if (!smtp) report = dryRun(built.messages, out, command.to, env);
  else if (blocked)
    report =
      `Not sent: ${errorCount} error(s)` +
      `${command.strict && warningCount ? ` and ${warningCount} warning(s) under --strict` : ""}; fix them first.\n`;
  else if (built.messages.length === 0) report = "Nothing to send.\n";
  else {
    const sent = await sendNewsletter(built.messages, smtp, command.to);
    report = sent
      .map((s) => `Sent ${s.path} to ${s.to.join(", ")} via ${smtp.host}:${smtp.port}: ${s.response}\n`)
      .join("");
  }
  return {
    root: config.root,
    diagnostics: built.diagnostics,
    errorCount,
    warningCount,
    out: displayPath(out),
    written: {
      written: written.written,
      unchanged: written.unchanged,
      removed: written.removed.length,
      files: built.outputs.length,
    },
    report,
  };
}

function dryRun(
  messages: readonly NewsletterMessage[],
  out: string,
  to: readonly string[] | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string {
  const lines: string[] = [];
  for (const m of messages) {
    let recipients: string;
    try {
      recipients = recipientsOf(m, to).join(", ");
    } catch {
      recipients = `${TO_PLACEHOLDER} (no list address: give --to)`;
    }
    lines.push(
      `Would send ${displayPath(join(out, m.path))} (${m.eml.byteLength} bytes)`,
      // As the From header reads: a wrong outlet name in one locale shows before it goes out.
      `  From:       ${m.senderName} <${m.from}>`,
      `  To:         ${recipients}`,
      `  Subject:    ${m.subject}`,
      `  Message-ID: ${m.messageId}`,
    );
  }
  const host = env["TILPRESS_SMTP_HOST"];
  const server = host ? `${host} (TILPRESS_SMTP_HOST)` : "the server in TILPRESS_SMTP_HOST (not set)";
  lines.push(`Dry run: nothing was sent. --send delivers through ${server}.`);
  return lines.join("\n") + "\n";
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" ? "." : rel.startsWith("..") ? path : rel;
}
