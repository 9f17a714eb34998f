import MailComposer from "nodemailer/lib/mail-composer";
import { sha256 } from "../core/hash.js";
import type { Locale } from "../locale/index.js";
import type { NewsletterIssue } from "../validate/schema.js";
import { TO_PLACEHOLDER } from "./modelNewsletter.js";

/** What goes into one locale's message. */
export interface EmlInput {
  readonly issue: NewsletterIssue;
  readonly locale: Locale;
  /** The sender's display name (the outlet's name in this locale). */
  readonly senderName: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

/**
 * The complete message, RFC 5322 with MIME, built by nodemailer's composer:
 * multipart/alternative with the text part first and the HTML last (clients show the last one
 * they can), the Subject and sender's name RFC 2047 encoded, `Content-Language`, and one-click
 * unsubscribe (RFC 8058). Byte-reproducible: the Date is the issue's, and the Message-ID and the
 * multipart boundary come from a hash of the content instead of the composer's random bytes.
 */
export async function composeEml(input: EmlInput): Promise<{ eml: Buffer; messageId: string }> {
  const { issue, locale } = input;
  const to = issue.list.address ?? TO_PLACEHOLDER;
  const hash = sha256(
    [issue.id, locale, issue.from, to, issue.date, input.senderName, input.subject, input.text, input.html].join(
      "\u0000",
    ),
  );
  const domain = issue.from.slice(issue.from.lastIndexOf("@") + 1);
  const unsubscribe = [
    issue.list.unsubscribe.url,
    ...(issue.list.unsubscribe.mailto ? [`mailto:${issue.list.unsubscribe.mailto}`] : []),
  ];
  const messageId = messageIdFor(hash, issue.id, locale, domain);
  const composer = new MailComposer({
    from: { name: input.senderName, address: issue.from },
    to,
    subject: input.subject,
    date: new Date(issue.date),
    messageId,
    baseBoundary: hash.slice(32, 48),
    // CRLF throughout, as RFC 5322 has it: the .eml is then byte for byte what SMTP carries.
    newline: "windows",
    text: input.text,
    html: input.html,
    headers: {
      "Content-Language": locale,
      // RFC 2919: lets readers' clients file and filter the list's mail.
      "List-Id": `${listPhrase(input.senderName)} <${listId(issue)}>`,
      // RFC 8058: the https URL takes a POST with this body; the mailto is for older clients.
      "List-Unsubscribe": unsubscribe.map((u) => `<${u}>`).join(", "),
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  });
  const root = composer.compile();
  // The sender's name is split into encoded words at word boundaries (see encodeDisplayName).
  const node = root as unknown as { _encodeAddressName(name: string): string };
  const ascii = node._encodeAddressName.bind(node);
  node._encodeAddressName = (name) => (/^[\x20-\x7e]*$/.test(name) ? ascii(name) : encodeDisplayName(name));
  return { eml: await root.build(), messageId };
}

/** The list's identifier: `list.id`, else the list address (or the sender's) with its @ as a dot. */
export function listId(issue: {
  readonly from: string;
  readonly id: string;
  readonly list: { readonly id?: string | undefined; readonly address?: string | undefined };
}): string {
  if (issue.list.id) return issue.list.id;
  const address = issue.list.address ?? `${issue.id}@${issue.from.slice(issue.from.lastIndexOf("@") + 1)}`;
  return address.replace("@", ".").toLowerCase();
}

/** List-Id's description: a quoted string when ASCII, RFC 2047 encoded words otherwise. */
function listPhrase(name: string): string {
  return /^[\x20-\x7e]*$/.test(name) ? `"${name.replace(/["\\]/g, "\\$&")}"` : encodeDisplayName(name);
}

/**
 * A non-ASCII display name as RFC 2047 encoded words, one per word with its trailing space
 * inside (at most 45 bytes each, so every encoded word stays within 75 characters). nodemailer
 * cuts wherever the length runs out, mid-word; RFC 2047 decoders join the pieces exactly, but
 * some address parsers (Python's email package) put a space at every cut, which would break
 * "радиосының" into "радиосы ның". Cut at spaces, the worst such a parser shows is a double space.
 */
export function encodeDisplayName(name: string): string {
  const pieces: string[] = [];
  for (const word of name.split(/(?<= )/)) {
    let piece = "";
    for (const ch of word) {
      if (piece && Buffer.byteLength(piece + ch) > 45) {
        pieces.push(piece);
        piece = "";
      }
      piece += ch;
    }
    if (piece) pieces.push(piece);
  }
  return pieces.map((p) => `=?UTF-8?B?${Buffer.from(p).toString("base64")}?=`).join(" ");
}

/** `<hash.issue.locale@sender-domain>`: unique per content, the same on every rebuild. */
export function messageIdFor(hash: string, issue: string, locale: Locale, domain: string): string {
  return `<${hash.slice(0, 24)}.${issue}.${locale}@${domain}>`;
}
