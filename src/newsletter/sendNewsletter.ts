import { createTransport } from "nodemailer";
import { UsageError } from "../core/errors.js";
import type { NewsletterMessage } from "./buildNewsletters.js";

/** Where and how to deliver: read from the environment, never from the repository. */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly user?: string;
  readonly pass?: string;
}

/** The environment variables `--send` reads. */
export const SMTP_ENV = [
  "TILPRESS_SMTP_HOST",
  "TILPRESS_SMTP_PORT",
  "TILPRESS_SMTP_SECURE",
  "TILPRESS_SMTP_USER",
  "TILPRESS_SMTP_PASS",
] as const;

/** SMTP settings from TILPRESS_SMTP_*; a missing host or a malformed value is a usage error. */
export function smtpSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): SmtpSettings {
  const host = env["TILPRESS_SMTP_HOST"]?.trim();
  if (!host)
    throw new UsageError(
      "--send needs TILPRESS_SMTP_HOST (and TILPRESS_SMTP_PORT, _SECURE, _USER, _PASS as your server wants)",
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
  return { host, port, secure, ...(user ? { user, pass: pass ?? "" } : {}) };
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
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? "" } } : {}),
    pool: false,
  });
  const sent: SentMessage[] = [];
  try {
    for (const message of messages) {
      const recipients = recipientsOf(message, to);
      const info = await transport.sendMail({ envelope: { from: message.from, to: recipients }, raw: message.eml });
      sent.push({
        path: message.path,
        to: recipients,
        messageId: message.messageId,
        response: String(info.response ?? ""),
      });
    }
  } finally {
    transport.close();
  }
  return sent;
}
