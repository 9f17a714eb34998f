import { z } from "zod";
import { linkProblem } from "../core/links.js";
import { isKnownLanguage } from "../locale/index.js";
import { ENGLISH_DATES } from "../i18n/format.js";
import { ARTICLE_KIND_IDS } from "../model/kinds.js";
import { unknownLocaleKeys } from "./rules.js";

/**
 * Names Windows keeps for devices, in any case and with any extension (`con`, `NUL.txt`,
 * `com1.png`, `COM¹`, `aux .md`): a folder or file so named cannot be made or opened there,
 * where many newsrooms check out their data.
 */
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])\s*(?:\..*)?$/i;

/** The path segment of `path` (an id or a relative file path) that is a Windows device name, if one is. */
export function reservedSegment(path: string): string | undefined {
  return path.split(/[\\/]/).find((segment) => WINDOWS_RESERVED.test(segment.trimEnd()));
}

const notReserved = <T extends z.ZodType<string>>(schema: T) =>
  schema.superRefine((value, ctx) => {
    const segment = reservedSegment(value);
    if (segment !== undefined)
      ctx.addIssue({
        code: "custom",
        message: `\`${value}\` is refused: \`${segment}\` is a device name on Windows (CON, PRN, AUX, NUL, COM1–9, LPT1–9)`,
        params: { code: "data/reserved-name", hint: "Choose another name; a longer one such as `con-2024` is fine." },
      });
  });

/** Ids are lowercase kebab-case: stable in URLs, file names and catalog keys; never a Windows device name. */
export const Id = notReserved(
  z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a lowercase kebab-case id, like `nur-sultan`"),
);

const Text = z.string().trim().min(1, "must not be empty");

/**
 * Text set on one line (a headline, a label, a name, an email's subject): a line break or a tab
 * in it, from a YAML escape (`"\r\n"`, `"\t"`), a `|` block or U+2028, is a space, as the HTML
 * shows it. Left in, a break split the page's <title>, the PDF joined the words around U+2028,
 * and a tab reached the feeds. (A CR alone and U+0085 are refused before: text/control-character.)
 */
const Line = Text.transform((text) => text.replace(/[ \t]*[\r\n\t\u2028\u2029]+[ \t]*/g, " "));

/**
 * A BCP 47 tag of a known language (`ru`, `kk`, `en-GB`): the language a quote was spoken in.
 * Intl knows the registered languages (CLDR), so a typo like `rus` or `kz` is caught without a hand-kept list.
 */
const LanguageTag = z.string().refine((tag) => {
  try {
    return /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag) && isKnownLanguage(tag);
  } catch {
    return false; // not a well-formed tag: Intl throws a RangeError
  }
}, "must be the BCP 47 tag of a language, like `ru` or `kk`");

/**
 * A mapping of `fields` and of one `block` per locale id (`en:`, `kk:`, `ru:`). A key that is
 * neither is an unknown field, reported like a strict object's (its value is not checked).
 */
function localized<S extends z.core.$ZodLooseShape, B extends z.ZodType>(fields: S, block: B) {
  return z
    .strictObject(fields)
    .catchall(block)
    .superRefine(
      (value, ctx) => {
        const keys = unknownLocaleKeys(Object.keys(value), Object.keys(fields));
        if (keys.length) ctx.addIssue({ code: "unrecognized_keys", keys, input: value });
      },
      // Also when a block has errors, as a strict object reports unknown keys beside them.
      {
        when: (payload) => typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value),
      },
    );
}

/**
 * True when the calendar has the day (and the clock the time) a date or date-time starts with:
 * `2019-02-29`, `2025-04-31` and `T24:00` do not exist. `Date.parse` is no test: it reads
 * 2019-02-29 as March 1. A year alone or a year-month only needs a month from 01 to 12.
 */
export function realDate(s: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?)?)?/.exec(s);
  if (!m) return false;
  const [year, month = 1, day = 1, hour = 0, minute = 0, second = 0] = m
    .slice(1)
    .map((v) => (v === undefined ? undefined : Number(v)));
  const when = new Date(Date.UTC(year!, month - 1, day, hour, minute, second));
  when.setUTCFullYear(year!);
  return (
    when.getUTCFullYear() === year &&
    when.getUTCMonth() === month - 1 &&
    when.getUTCDate() === day &&
    when.getUTCHours() === hour &&
    when.getUTCMinutes() === minute &&
    when.getUTCSeconds() === second
  );
}

/** ISO 8601 date-time with an explicit offset: a briefing is published at a moment somewhere. */
const DateTimeWithOffset = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
    "must be an ISO 8601 date-time with an offset, like 2020-02-22T20:00:00+06:00",
  )
  .refine((s) => realDate(s) && !Number.isNaN(Date.parse(s)), "is not a real date");

/**
 * A calendar date `"2024-10-29"` (no time zone: the day as the issuer dates it) or a date-time
 * with an offset: when an article was published or updated, or a correction made.
 */
const DateOrDateTime = z.union(
  [
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .refine(realDate, "is not a real date"),
    DateTimeWithOffset,
  ],
  {
    error: (issue) =>
      typeof issue.input === "string" &&
      /^\d{4}-\d{2}-\d{2}(?:$|T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$)/.test(issue.input)
        ? "is not a real date"
        : "must be a date like 2024-10-29 or an ISO 8601 date-time with an offset, like 2024-10-29T10:00:00+05:00 (quoted)",
  },
);

/** A calendar date with the precision the source gives: year, year-month or day. */
const PartialDate = z
  .string()
  .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "must be YYYY, YYYY-MM or YYYY-MM-DD (quoted)")
  .refine(realDate, "is not a real date");

const IsoDuration = z.string().regex(/^PT(?=\d)(\d+H)?(\d+M)?(\d+S)?$/, "must be an ISO 8601 duration like PT2M24S");

/**
 * A link from the data (src/core/links.ts is the policy): absolute http(s) or mailto, refused
 * with `data/unsafe-link` at the field's line otherwise.
 */
const Url = z.string().superRefine((url, ctx) => {
  const problem = linkProblem(url);
  if (problem)
    ctx.addIssue({
      code: "custom",
      message: `\`${url}\` is refused: ${problem}`,
      params: { code: "data/unsafe-link", hint: "Use an absolute URL such as https://example.org/page." },
    });
});

/** ISO 4217 currency codes Intl knows (`KZT`, `USD`, `EUR` …). */
const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf("currency"));
const Currency = z
  .string()
  .refine((s) => CURRENCIES.has(s), "must be an ISO 4217 currency code in capitals, like KZT or USD");

/** A range, low to high: "5–15 days". A from→to change is `change:`, never a range read backwards. */
const FigureRange = z
  .strictObject({ from: z.number().finite(), to: z.number().finite() })
  .refine((r) => r.from <= r.to, {
    message:
      "is a range written high to low; a range goes from the lower to the higher number. " +
      "If the figure went from one value to another, write `change: { from, to }` instead of `value:`",
  });

// YAML's .inf and .nan are numbers too: said so, not zod's "Invalid input".
const FigureValue = z.union([z.number().finite(), FigureRange], {
  error: (issue) =>
    typeof issue.input === "number"
      ? "must be a finite number (YAML's .inf and .nan are not figures)"
      : "must be a number, or a range `{ from, to }`",
});

export const QUALIFIERS = ["more-than", "about", "at-least", "up-to", "at-most", "fewer-than"] as const;
/** How a range is written: "5–10 people", or in words, "from 5 to 10 people" / «от 5 до 10 человек». */
export const RANGE_STYLES = ["dash", "from-to"] as const;
export const QUANTITY_TYPES = ["count", "money", "percent", "points"] as const;
export const SCALES = ["thousand", "million", "billion", "trillion"] as const;

/**
 * The period a figure refers to: a year `"2025"`, a quarter `"2025-Q3"`, a month `"2025-03"`,
 * a day `"2025-03-15"`, or a range of years, months or days `"2020/2025"`, `"2025-01/2025-11"`,
 * `"2025-01-15/2025-03-31"` (ISO 8601 intervals), quoted.
 */
const PERIOD_SHAPES = [
  /^\d{4}$/,
  /^\d{4}\/\d{4}$/,
  /^\d{4}-Q[1-4]$/,
  /^\d{4}-(0[1-9]|1[0-2])$/,
  /^\d{4}-(0[1-9]|1[0-2])-\d{2}$/,
  /^\d{4}-(0[1-9]|1[0-2])\/\d{4}-(0[1-9]|1[0-2])$/,
  /^\d{4}-(0[1-9]|1[0-2])-\d{2}\/\d{4}-(0[1-9]|1[0-2])-\d{2}$/,
];
/** A day that exists ("2025-02-30" does not; "2025-03-99" is not a date at all and must not throw). */
const realDay = (s: string) => s.length !== 10 || realDate(s);
export const FigurePeriod = z
  .string()
  .refine(
    (s) => PERIOD_SHAPES.some((re) => re.test(s)),
    'must be a year "2025", a quarter "2025-Q3", a month "2025-03", a day "2025-03-15", ' +
      'or a range "2020/2025", "2025-01/2025-11" or "2025-01-15/2025-03-31" (quoted)',
  )
  .refine((s) => s.split("/").every(realDay), "is not a real date")
  .refine((s) => {
    const [a, b] = s.split("/");
    return b === undefined || (a ?? "") <= b;
  }, "is a period that ends before it starts")
  // A range of one year, month or day would read «в 2025–2025 гг.», «в период 1 октября 2025 г.».
  .refine((s) => {
    const [a, b] = s.split("/");
    return a !== b;
  }, 'starts and ends on the same year, month or day: write it alone ("2025", "2025-03", "2025-10-01"), not as a range');

/** One figure: a typed quantity (docs/content-model.md, "Figures"). */
export const Figure = z
  .strictObject({
    id: Id,
    type: z.enum(QUANTITY_TYPES).default("count"),
    value: FigureValue.optional(),
    change: z.strictObject({ from: z.number().finite(), to: z.number().finite() }).optional(),
    qualifier: z.enum(QUALIFIERS).optional(),
    range: z.enum(RANGE_STYLES).optional(),
    unit: Id.optional(),
    currency: Currency.optional(),
    scale: z.enum(SCALES).optional(),
    equivalent: z.strictObject({ currency: Currency, value: FigureValue, scale: z.enum(SCALES).optional() }).optional(),
    precision: z.number().int("must be a whole number of decimal places").min(0).max(6).optional(),
    signed: z.boolean().optional(),
    trend: z.boolean().optional(),
    period: FigurePeriod.optional(),
    places: z.array(Id).default([]),
  })
  .superRefine((f, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (f.value === undefined && f.change === undefined) issue("value", "is required (or `change: { from, to }`)");
    if (f.value !== undefined && f.change !== undefined)
      issue("change", "and `value` are both given; a figure is a value, a range or a change");
    if (f.type === "count" && f.unit === undefined)
      issue("unit", "is required for a count (a plural key in locales/<lng>/units.json)");
    if (f.type !== "count" && f.unit !== undefined) issue("unit", `is only for counts; a ${f.type} has none`);
    if (f.type === "money" && f.currency === undefined) issue("currency", "is required for money (ISO 4217, like KZT)");
    for (const key of ["currency", "equivalent"] as const)
      if (f.type !== "money" && f[key] !== undefined) issue(key, `is only for money, not for a ${f.type}`);
    // A count or a sum may be in millions ("20.4 million people"); a share or a difference of shares is not.
    if ((f.type === "percent" || f.type === "points") && f.scale !== undefined)
      issue(
        "scale",
        `is for counts and money ("20.4 million people"), not for ${f.type === "percent" ? "a percentage" : "percentage points"}`,
      );
    if (f.equivalent && f.equivalent.currency === f.currency)
      issue("equivalent", "is in the figure's own currency; an equivalent is in a second currency");
    if (f.signed && f.trend) issue("trend", "and `signed` are both set; choose a sign (+7.2%) or words (rose by 7.2%)");
    if (f.qualifier && (f.change || f.trend))
      issue("qualifier", "does not go with a change or a trend; put the qualifier in the label's words");
    if (f.trend && typeof f.value !== "number") issue("trend", "needs a single `value` (the difference)");
    if (f.range !== undefined && (f.value === undefined || typeof f.value === "number"))
      issue("range", "is how a range `value: { from, to }` is written; this figure has no range");
    if (f.range === "from-to" && f.qualifier)
      issue("range", 'is `from-to`, itself a frame ("from 5 to 10", «от 5 до 10»); it takes no qualifier');
  });
export type Figure = z.infer<typeof Figure>;

/**
 * A telephone number, international (`+7 7172 72 00 16`), read as its groups: spaces, dashes,
 * dots and brackets written between digits separate them, and the number is kept as those
 * groups with one space between (`+7 (7172) 72-00-16` → `+7 7172 72 00 16`). Pages show the
 * author's groups: only they know where an area code ends (Astana's 7172 against Almaty's 727).
 * Its E.164 form (`phoneE164`, the `tel:` link's) is the digits alone.
 */
export const Phone = z
  .string()
  .transform((s) =>
    s
      .split(/[\s\u00a0().-]+/)
      .filter(Boolean)
      .join(" "),
  )
  .refine(
    (s) => /^\+[1-9]\d{6,14}$/.test(s.replaceAll(" ", "")),
    "must be an international number, like +7 727 123 45 67 (E.164)",
  );

/** A media contact's words in one locale: an office's name, the role, the hours. */
const ContactText = z.strictObject({ name: Line.optional(), role: Line.optional(), hours: Line.optional() });

/**
 * A named media contact (docs/content-model.md, "Contacts"): a person of the glossary (`person:`)
 * or an office (a `name:` per locale), with email, phone, web page, and per locale role and hours.
 */
export const Contact = localized(
  { person: Id.optional(), email: z.email().optional(), phone: Phone.optional(), url: Url.optional() },
  ContactText,
);
export type Contact = z.infer<typeof Contact>;

/** The offset an ISO 8601 date-time is written with ("+05:00", "Z"). */
const offsetOf = (iso: string) => /(Z|[+-]\d{2}:\d{2})$/.exec(iso)?.[1];

/**
 * The event a media advisory announces (docs/content-model.md, "Events"): when it starts (and
 * ends, the same day or later, written in the same offset: the event's local time), the city
 * (a glossary place) and how journalists are accredited. Its venue is text in each locale file.
 */
export const EventFacts = z
  .strictObject({
    start: DateTimeWithOffset,
    end: DateTimeWithOffset.optional(),
    place: Id.optional(),
    accreditation: z
      .strictObject({ deadline: DateTimeWithOffset, email: z.email().optional(), url: Url.optional() })
      .optional(),
  })
  .superRefine((e, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: "custom", path, message });
    if (e.end !== undefined && Date.parse(e.end) <= Date.parse(e.start)) issue(["end"], "is not after `start`");
    else if (e.end !== undefined && offsetOf(e.end) !== offsetOf(e.start))
      issue(
        ["end"],
        `is written with another offset than \`start\` (${offsetOf(e.start)}): write both in the event's local time`,
      );
    const deadline = e.accreditation?.deadline;
    if (deadline !== undefined && Date.parse(deadline) > Date.parse(e.start))
      issue(["accreditation", "deadline"], "is after the event starts");
  });
export type EventFacts = z.infer<typeof EventFacts>;

/** An event's words in one locale file: the venue, the accreditation's terms, the programme. */
export const EventText = z.strictObject({ venue: Line, accreditation: Text.optional(), programme: Text.optional() });
export type EventText = z.infer<typeof EventText>;

export const ArticleFacts = z.strictObject({
  id: Id,
  /** What the article is published as: its pages, masthead and release line (src/model/kinds.ts). */
  kind: z.enum(ARTICLE_KIND_IDS),
  published: DateOrDateTime,
  /** When the article was last updated (shown on every page). */
  updated: DateOrDateTime.optional(),
  /** Corrections, each with its text in every locale file (`corrections: { <id>: … }`). */
  corrections: z.array(z.strictObject({ id: Id, date: DateOrDateTime })).default([]),
  /** Not to be published before this moment: pages say so, public lists leave the article out. */
  embargo: DateTimeWithOffset.optional(),
  dateline: Id,
  outlet: Id,
  credits: z
    .array(
      z.strictObject({
        role: z.enum(["reporting", "writing", "photos", "video"]),
        organization: Id.optional(),
        person: Id.optional(),
      }),
    )
    .default([]),
  people: z.array(Id).default([]),
  organizations: z.array(Id).default([]),
  figures: z.array(Figure).default([]),
  charts: z.array(z.strictObject({ id: Id, kind: z.literal("bar"), figures: z.array(Id).min(1) })).default([]),
  timeline: z.array(z.strictObject({ id: Id, date: PartialDate })).default([]),
  media: z
    .array(z.strictObject({ id: Id, kind: z.enum(["video", "audio"]), duration: IsoDuration, url: Url.optional() }))
    .default([]),
  links: z.array(z.strictObject({ id: Id, url: Url })).default([]),
  /**
   * Photos in the article's folder: `file` is a PNG or JPEG path relative to it; `credit` names
   * the photographer or agency from the glossary (a locale file may give its own credit text).
   */
  images: z
    .array(
      z.strictObject({
        id: Id,
        file: notReserved(z.string().min(1)).superRefine((value, ctx) => {
          // The page's <img src> is the file's path: # starts a fragment, ? a query, % an escape.
          const cut = /[#?%]/.exec(value)?.[0];
          if (cut !== undefined)
            ctx.addIssue({
              code: "custom",
              message: `\`${value}\` is refused: a web page's link to it would end at \`${cut}\` (# starts a fragment, ? a query, % an escape)`,
              params: {
                code: "data/bad-image",
                hint: "Rename the file without #, ? or % (letters, digits, - and _ are safe).",
              },
            });
        }),
        credit: z.strictObject({ person: Id.optional(), organization: Id.optional() }).optional(),
      }),
    )
    .default([]),
  /** Media contacts for this article: when given, they replace the outlet's. */
  contacts: z.array(Contact).optional(),
  /** The event a media advisory announces (only that kind has one). */
  event: EventFacts.optional(),
  /** Who makes a statement: a glossary person or organization, who signs it (statements only). */
  speaker: Id.optional(),
});
export type ArticleFacts = z.infer<typeof ArticleFacts>;

/**
 * A glossary entry's name and role in one locale. A role is printed after the name and a comma
 * or dash, so it starts in lower case; `roleBeginsWithProperNoun` keeps the capital of one that
 * begins with a proper noun («Қазақстан Президенті»).
 */
const LocalizedName = z.strictObject({
  name: Line,
  role: Line.optional(),
  roleBeginsWithProperNoun: z.boolean().optional(),
});
const GlossaryEntry = localized({}, LocalizedName);
const GlossarySection = z.record(Id, GlossaryEntry);

export const Glossary = z.strictObject({
  people: GlossarySection.default({}),
  places: GlossarySection.default({}),
  organizations: GlossarySection.default({}),
});
export type Glossary = z.infer<typeof Glossary>;
export type GlossaryEntry = z.infer<typeof GlossaryEntry>;

const OutletText = z.strictObject({
  name: Line,
  /** The name as it follows "about": ru prepositional case («Народном банке»), en with its article ("the ADB"). */
  prepositional: Line.optional(),
  about: Text,
  contact: Text.optional(),
});
export const Outlet = localized(
  {
    url: Url.optional(),
    /** The one contact of earlier versions: read as a one-entry `contacts` list, named by `<lng>.contact`. */
    contact: z.strictObject({ url: Url.optional(), email: z.email().optional(), phone: Phone.optional() }).optional(),
    contacts: z.array(Contact).optional(),
    /** How its articles write English dates: `en-GB` "29 October 2024", `en-US` "October 29, 2024" (default). */
    englishDates: z.enum(ENGLISH_DATES).optional(),
  },
  OutletText,
);
export const Outlets = z.record(Id, Outlet);
export type Outlet = z.infer<typeof Outlet>;
export type Outlets = z.infer<typeof Outlets>;

/** One image's texts in one locale. */
export const ImageText = z.strictObject(
  { alt: Line, caption: Text.optional(), credit: Line.optional() },
  {
    error: (issue) =>
      issue.code === "invalid_type" ? "must be the alt text, or a mapping `{ alt, caption?, credit? }`" : undefined,
  },
);
export type ImageText = z.infer<typeof ImageText>;

/** The front matter of `<locale>.md`: the texts of one locale, labelling the facts by id. */
export const LocaleFrontMatter = z.strictObject({
  /** Hash of the source-locale file this translation was last reviewed against (`tilpress review`). */
  source: z
    .string()
    .regex(/^[0-9a-f]{12}$/, "must be the 12-character hash `tilpress review` writes")
    .optional(),
  headline: Line,
  standfirst: Text.optional(),
  figures: z.record(Id, Line).default({}),
  charts: z.record(Id, z.strictObject({ title: Line, description: Text })).default({}),
  timeline: z.record(Id, Line).default({}),
  media: z.record(Id, Line).default({}),
  links: z.record(Id, Line).default({}),
  /** The text of each correction (`corrections:` in article.yaml), in this locale. */
  corrections: z.record(Id, Text).default({}),
  /**
   * Each image in this locale: its alt text alone, or `{ alt, caption?, credit? }` (the alt
   * describes the picture, the caption tells what it shows; `credit` is the credit's text here).
   */
  images: z
    .record(
      Id,
      // The short form, alt text alone, is read as `{ alt }`: one shape to check and to model.
      z.preprocess((value) => (typeof value === "string" ? { alt: value } : value), ImageText),
    )
    .default({}),
  quotes: z
    .array(z.strictObject({ speaker: Id, text: Text, language: LanguageTag.optional(), context: Line.optional() }))
    .default([]),
  /** "Notes to editors" (Markdown), shown after the body of the press release and the briefing. */
  notes: Text.optional(),
  /** The event's venue, accreditation terms and programme in this locale (`event:` in article.yaml). */
  event: EventText.optional(),
  /**
   * Numbers this translation writes differently from the source on purpose, by field (`body`,
   * `standfirst`, `figures.<id>`, `quotes.0.text` …): each value excuses one number that only
   * one of the two texts has (`translation/number-mismatch`).
   */
  unmatchedNumbers: z.record(z.string().min(1), z.array(z.number().finite()).min(1)).optional(),
});
export type LocaleFrontMatter = z.infer<typeof LocaleFrontMatter>;

/** An absolute https URL: what an email may link to and what RFC 8058 one-click unsubscribe needs. */
const HttpsUrl = z.string().refine((s) => linkProblem(s, ["https:"]) === undefined, "must be an absolute https:// URL");

/** Subject, preheader and intro of one newsletter issue in one locale (plain text, typeset). */
export const NewsletterText = z.strictObject({ subject: Line, preheader: Line, intro: Text });
export type NewsletterText = z.infer<typeof NewsletterText>;

/** `data/newsletters/<issue-id>.yaml`: one digest email per locale. */
export const NewsletterIssue = localized(
  {
    id: Id,
    /** When the issue is sent: its Date header and the date shown. */
    date: DateTimeWithOffset,
    /** The outlet whose name (per locale) is the sender's name. */
    outlet: Id,
    /** The sender's address. */
    from: z.email(),
    list: z.strictObject({
      /** The list's posting address: the To of every message (a dry run or `--to` may replace it). */
      address: z.email().optional(),
      /**
       * The list's identifier for List-Id (RFC 2919), a dot-atom such as
       * `weekly.briefings.example.org`; by default the address with its @ as a dot.
       */
      id: z
        .string()
        .regex(
          /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)+$/,
          "must be a dot-atom like weekly.example.org",
        )
        .optional(),
      unsubscribe: z.strictObject({ url: HttpsUrl, mailto: z.email().optional() }),
    }),
    /**
     * Where the pages the emails link to are published (`<baseUrl><locale>/<article>/briefing.html`);
     * default: the project's `baseUrl` (tilpress.config.json).
     */
    baseUrl: HttpsUrl.refine(
      (s) => !new URL(s).search && !new URL(s).hash,
      "must not have a ?query or #fragment",
    ).optional(),
    articles: z.array(Id).min(1, "must name at least one article"),
  },
  // Each locale's block is checked on its own (NewsletterText), so that a mistake in one
  // keeps only that locale's email out.
  z.unknown(),
);
export type NewsletterIssue = z.infer<typeof NewsletterIssue>;
