import { roleAfterName } from "../typography/roles.js";
import { isLocaleId, type Locale } from "../locale/index.js";
import type { Translator } from "../i18n/translator.js";
import type { Contact, Glossary, Outlet } from "../validate/schema.js";
import type { ContactView } from "./view.js";

const NBSP = "\u00a0";

/**
 * A number (as the schema keeps it: its groups, one space between) as it is written for
 * reading, with no-break spaces so that it never breaks across lines: the author's groups when
 * the digits after the country code were grouped (`+7 7172 72 00 16`: only the author knows
 * where an area code ends); otherwise Kazakhstan and Russia (+7) as `+7 727 123 45 67` (code,
 * three, three, two, two), and other countries as given.
 */
export function formatPhone(phone: string): string {
  const groups = phone.split(" ");
  if (groups.length > 2) return groups.join(NBSP);
  const kz = /^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/.exec(phoneE164(phone));
  if (kz) return ["+7", ...kz.slice(1)].join(NBSP);
  return groups.join(NBSP);
}

/** The number's E.164 form, what a `tel:` link dials: `+77172720016`. */
export function phoneE164(phone: string): string {
  return phone.replaceAll(" ", "");
}

/** A contact as the model reads it, whichever way it was given. */
export interface ContactEntry {
  readonly person?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly url?: string;
  /** The words of each locale given (name, role, hours). */
  readonly texts: Readonly<Partial<Record<Locale, ContactWords>>>;
}

interface ContactWords {
  readonly name?: string;
  readonly role?: string;
  readonly hours?: string;
}

function entryOf(contact: Contact | NonNullable<Outlet["contact"]>): ContactEntry {
  const texts: Partial<Record<Locale, ContactWords>> = {};
  // The schema keeps a block per locale id beside the contact's own fields (strings: `email`,
  // `url` …, which asking Intl about would load its language names, 12 ms of a cold check).
  for (const [key, words] of Object.entries(contact as Record<string, unknown>)) {
    if (typeof words === "object" && words !== null && isLocaleId(key)) texts[key] = words as ContactWords;
  }
  return {
    ...("person" in contact && contact.person ? { person: contact.person } : {}),
    ...(contact.email ? { email: contact.email } : {}),
    ...(contact.phone ? { phone: contact.phone } : {}),
    ...(contact.url ? { url: contact.url } : {}),
    texts,
  };
}

/**
 * The media contacts an article shows: its own `contacts:` when it has them (they replace the
 * outlet's), else the outlet's `contacts:`, else the outlet's single `contact:` of earlier
 * versions, read as one office named by the outlet's `<lng>.contact` (or the catalog's label).
 */
export function effectiveContacts(
  articleContacts: readonly Contact[] | undefined,
  outlet: Outlet | undefined,
): readonly ContactEntry[] {
  if (articleContacts) return articleContacts.map(entryOf);
  if (outlet?.contacts) return outlet.contacts.map(entryOf);
  return outlet?.contact ? [entryOf(outlet.contact)] : [];
}

/** One contact in one locale, for the template. */
export function contactView(
  contact: ContactEntry,
  tr: Translator,
  sources: { readonly glossary: Glossary; readonly fallbackName: string },
): ContactView {
  const own = contact.texts[tr.locale];
  const person = contact.person ? sources.glossary.people[contact.person]?.[tr.locale] : undefined;
  const name = own?.name ?? person?.name ?? sources.fallbackName;
  const role =
    own?.role ??
    (person?.role ? roleAfterName(person.role, tr.locale, person.roleBeginsWithProperNoun ?? false) : undefined);
  return {
    name,
    ...(role ? { role } : {}),
    ...(own?.hours ? { hours: own.hours } : {}),
    ...(contact.email ? { email: { text: contact.email, href: `mailto:${contact.email}` } } : {}),
    ...(contact.phone ? { phone: { text: formatPhone(contact.phone), href: `tel:${phoneE164(contact.phone)}` } } : {}),
    ...(contact.url ? { url: contact.url } : {}),
  };
}

/** Russian takes «об» before a vowel sound: «об АО …», «об Агентстве», but «о Народном банке». */
const RU_VOWEL_START = /^[«"„]?[аоуэиыАОУЭИЫ]/u;

/**
 * The about block's heading, with the issuer's name in each language's construction: en
 * "About Halyk Bank", kk «Halyk Bank туралы» (the postposition takes the nominative), ru «О
 * Народном банке» from the outlet's `prepositional` name form (`about.issuer`, or
 * `about.issuerVowel` before a vowel). Without that form the catalog's `about.organization`
 * construction, which needs no case: ru «Радио Азаттык. Справка».
 */
export function aboutHeading(tr: Translator, name: string, prepositional: string | undefined): string {
  if (prepositional === undefined) return tr.t("about.organization", { name });
  return tr.t(RU_VOWEL_START.test(prepositional) ? "about.issuerVowel" : "about.issuer", { name: prepositional });
}
