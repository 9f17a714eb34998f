import { createTransport } from "nodemailer";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { DeliveryError, UsageError } from "../core/errors.js";
import type { NewsletterMessage } from "./buildNewsletters.js";

/** Where and how to deliver: read from the environment, never from the repository. */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly user?: string;
  readonly pass?: string;
  /**
   * Allow credentials over a connection without TLS (`--insecure`). Otherwise a user's
   * password only ever goes over TLS: STARTTLS is required when the connection is not TLS.
   */
  readonly insecure?: boolean;
  /** Certificates (PEM) to trust besides the system's: a server with a private CA (TILPRESS_SMTP_CA). */
  readonly ca?: string;
}

/** The environment variables `--send` reads. */
export const SMTP_ENV = [
  "TILPRESS_SMTP_HOST",
  "TILPRESS_SMTP_PORT",
  "TILPRESS_SMTP_SECURE",
  "TILPRESS_SMTP_USER",
  "TILPRESS_SMTP_PASS",
  "TILPRESS_SMTP_CA",
] as const;

/** SMTP settings from TILPRESS_SMTP_*; a missing host or a malformed value is a usage error. */
export function smtpSettingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly insecure?: boolean } = {},
): SmtpSettings {
  const host = env["TILPRESS_SMTP_HOST"]?.trim();
  if (!host)
    throw new UsageError(
      "--send needs TILPRESS_SMTP_HOST (and TILPRESS_SMTP_PORT, _SECURE, _USER, _PASS, _CA as your server wants)",
    );
  const secureText = (env["TILPRESS_SMTP_SECURE"] ?? "").trim().toLowerCase();
  if (!["", "true", "false", "1", "0", "yes", "no"].includes(secureText))
    throw new UsageError(`TILPRESS_SMTP_SECURE must be true or false, not "${secureText}"`);
  const secure = ["true", "1", "yes"].includes(secureText);
  const portText = env["TILPRESS_SMTP_PORT"]?.trim();
  const port = portText ? Number(portText) : secure ? 465 : 587;
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new UsageError(`TILPRESS_SMTP_PORT must be a port number, not "${portText}"`);
  const user = env["TILPRESS_SMTP_USER"];
  const pass = env["TILPRESS_SMTP_PASS"];
  if (user && pass === undefined) throw new UsageError("TILPRESS_SMTP_USER is set without TILPRESS_SMTP_PASS");
  const caPath = env["TILPRESS_SMTP_CA"]?.trim();
  let ca: string | undefined;
  if (caPath) {
    try {
      ca = readFileSync(caPath, "utf8");
    } catch (error) {
      throw new UsageError(`TILPRESS_SMTP_CA: cannot read ${caPath} (${(error as Error).message})`);
    }
  }
  return {
    ...(ca ? { ca } : {}),
    host,
    port,
    secure,
    ...(user ? { user, pass: pass ?? "" } : {}),
    ...(options.insecure ? { insecure: true } : {}),
  };
}

/** `--to` addresses checked before anything is built or sent: one bad address names itself. */
export function checkRecipients(to: readonly string[] | undefined): void {
  for (const address of to ?? [])
    if (!z.email().safeParse(address).success)
      throw new UsageError(`--to: "${address}" is not an email address (like editor@example.org)`);
}

/** Who gets a message: `--to` when given, otherwise the list address. */
export function recipientsOf(message: NewsletterMessage, to: readonly string[] | undefined): string[] {
  if (to?.length) return [...to];
  if (message.listAddress) return [message.listAddress];
  throw new UsageError(`${message.issue} has no list address (list.address) to send to: give --to`);
}

export interface SentMessage {
  readonly path: string;
  readonly to: readonly string[];
  readonly messageId: string;
  /** The server's reply to the end of the data ("250 OK …"). */
  readonly response: string;
}

/**
 * Deliver the composed messages byte for byte (`raw`: nodemailer does not rebuild them), one
 * SMTP connection for all. The envelope sender is the From; the recipients are
 * `recipientsOf`. The first failure stops the rest and is thrown.
 */
export async function sendNewsletter(
  messages: readonly NewsletterMessage[],
  smtp: SmtpSettings,
  to?: readonly string[],
): Promise<SentMessage[]> {
  const recipients = messages.map((m) => recipientsOf(m, to));
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    // With a user: STARTTLS is required (nodemailer refuses to go on without it) and the login is
    // always tried, even when the server does not announce AUTH, so a message never goes out
    // unauthenticated or in clear text because of what the server offered.
    ...(smtp.user
      ? { auth: { user: smtp.user, pass: smtp.pass ?? "" }, forceAuth: true, requireTLS: !smtp.insecure }
      : {}),
    ...(smtp.ca ? { tls: { ca: smtp.ca } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    pool: false,
  });
  const sent: SentMessage[] = [];
  try {
    for (const [i, message] of messages.entries()) {
      const to = recipients[i] ?? [];
      let info: { response?: unknown };
      try {
        info = await transport.sendMail({ envelope: { from: message.from, to }, raw: message.eml });
      } catch (error) {
        throw deliveryError(error, { smtp, message: message.path, sent: sent.length });
      }
      sent.push({ path: message.path, to, messageId: message.messageId, response: String(info.response ?? "") });
    }
  } finally {
    transport.close();
  }
  return sent;
}

/** One line that says where delivery failed and why, in the user's terms (no stack trace). */
function deliveryError(
  error: unknown,
  at: { readonly smtp: SmtpSettings; readonly message: string; readonly sent: number },
): DeliveryError {
  const e = error as { code?: string; message?: string; response?: string };
  const server = `${at.smtp.host}:${at.smtp.port}`;
  const code = e.code === "ESOCKET" || e.code === "ECONNECTION" ? /\b(E[A-Z]+)\b/.exec(e.message ?? "")?.[1] : e.code;
  const why =
    code === "ECONNREFUSED"
      ? "the connection was refused (is the server running, the port right?)"
      : code === "ETIMEDOUT" || code === "ETIMEOUT"
        ? "the server did not answer in time"
        : code === "EDNS" || code === "ENOTFOUND"
          ? "the host name does not resolve"
          : code === "EAUTH"
            ? `the login was refused (TILPRESS_SMTP_USER / _PASS): ${e.response ?? e.message ?? ""}`
            : /wrong version number|packet length too long/i.test(e.message ?? "")
              ? "the server does not speak TLS on this port: TILPRESS_SMTP_SECURE=true is for a port that starts " +
                "with TLS (465); for one that upgrades with STARTTLS (587) leave it unset"
              : /certificate/i.test(e.message ?? "")
                ? `the server's certificate is not trusted (${e.message ?? ""}); ` +
                  "if a private CA issued it, give that CA's PEM file in TILPRESS_SMTP_CA"
                : /STARTTLS/i.test(e.message ?? "")
                  ? "the server offers no STARTTLS, so the password would go in clear text; use a server with TLS, " +
                    "TILPRESS_SMTP_SECURE=true on its TLS port, or --insecure to send anyway"
                  : (e.response ?? e.message ?? String(error)).replace(/\s+/g, " ").trim();
  const done = at.sent ? ` (${at.sent} message(s) sent before it)` : " (nothing was sent)";
  return new DeliveryError(`Could not send ${at.message} through ${server}: ${why}${done}`, { cause: error });
}
