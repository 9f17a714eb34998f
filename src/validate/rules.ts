import type { DiagnosticList } from "../core/diagnostic.js";
import { didYouMean } from "../core/suggest.js";
import { pointerOf } from "../core/diagnostic.js";
import { isSafeUrl, linkProblem } from "../core/links.js";
import { isLocaleId, type Locale } from "../locale/index.js";
import { scanHtml, scanLinks, strayCaptionLines, tooDeepLine, type ScannedLink } from "../core/markdown.js";
import type { Place } from "../core/source.js";
import type { YamlData } from "../load/yaml.js";
import type { Article, ArticleText } from "./content.js";
import { ImageProblem, readArticleImage, SHOWN_WIDTH_PX } from "./images.js";
import { formatBytes, type ProjectFiles } from "../core/projectFiles.js";
import { contactsChecked } from "./contacts.js";
import { embargoDates } from "./embargo.js";
import { eventMatchesKind } from "./kinds.js";
import { figureCurrencies, numberParity } from "./parity.js";
import { sourceHash } from "./sourceHash.js";
import type { Figure, Glossary, Outlets } from "./schema.js";
import type { FigureUnits } from "../quantity/units.js";
import { contentLocale } from "../locale/index.js";
import { isPeriodForm, LABEL_PLACEHOLDER_NAMES, PERIOD_PLACEHOLDER, VALUE_PLACEHOLDER } from "../quantity/label.js";
import { PERIOD_FORMS } from "../quantity/period.js";
import { dashesInRole, roleAfterName, roleEdgeDash } from "../typography/roles.js";

export interface RuleContext {
  readonly article: Article;
  readonly glossary: Glossary;
  readonly outlets: Outlets;
  /** The parsed files, for positions. */
  readonly glossaryYaml: YamlData | undefined;
  readonly outletsYaml: YamlData | undefined;
  readonly locales: readonly Locale[];
  /** The locale every other is checked against (`source` in tilpress.config.json). */
  readonly source: Locale;
  readonly diagnostics: DiagnosticList;
  /** The project's files as the build reads them (its limits included). */
  readonly files: ProjectFiles;
  /** The units each locale's catalog defines; without them, figures' units are not checked here. */
  readonly units?: FigureUnits | undefined;
}

/** A cross-reference rule: looks at one article and pushes diagnostics. */
export type ArticleRule = (ctx: RuleContext) => void;

type GlossarySection = keyof Glossary;

function factAt(ctx: RuleContext, path: PropertyKey[]) {
  const { article } = ctx;
  return { file: article.factsFile, pointer: pointerOf(path), ...article.factsYaml.locate(path), article: article.id };
}

type Where = ReturnType<typeof factAt> & { locale?: Locale };

/** An id the content names, what it names (`place`, `outlet`, `figure` …), and the ids it could be. */
interface IdReference {
  readonly id: string;
  readonly what: string;
  readonly known: readonly string[];
}

function unknownId(ctx: RuleContext, at: Where, { id, what, known }: IdReference): void {
  const near = closest(id, known);
  ctx.diagnostics.error({
    ...at,
    code: "data/unknown-id",
    message: `Unknown ${what} id \`${id}\``,
    hint: near
      ? `Did you mean \`${near}\`?`
      : `Add it to ${what === "outlet" ? "data/outlets.yaml" : "data/glossary.yaml"} first.`,
    actual: id,
  });
}

/** Every id the facts name exists in the glossary, the outlets, or the article itself. */
/**
 * The glossary an article is checked against when data/glossary.yaml could not be read or failed
 * its schema (that error is reported at the file): its ids are then not reported unknown, one
 * follow-on error per id the articles name (41 for the bundled project) burying the real one.
 */
export const UNREAD_GLOSSARY: Glossary = { people: {}, places: {}, organizations: {} };
/** The outlets when data/outlets.yaml could not be read (reported there). */
export const UNREAD_OUTLETS: Outlets = {};

const knownGlossaryIds: ArticleRule = (ctx) => {
  const { facts } = ctx.article;
  const check = (section: GlossarySection, path: PropertyKey[], id: string, what: string) => {
    if (ctx.glossary === UNREAD_GLOSSARY) return;
    if (!Object.hasOwn(ctx.glossary[section], id))
      unknownId(ctx, factAt(ctx, path), { id, what, known: Object.keys(ctx.glossary[section]) });
  };
  check("places", ["dateline"], facts.dateline, "place");
  if (facts.event?.place) check("places", ["event", "place"], facts.event.place, "place");
  const { speaker } = facts;
  if (
    speaker &&
    ctx.glossary !== UNREAD_GLOSSARY &&
    !Object.hasOwn(ctx.glossary.people, speaker) &&
    !Object.hasOwn(ctx.glossary.organizations, speaker)
  ) {
    const known = [...Object.keys(ctx.glossary.people), ...Object.keys(ctx.glossary.organizations)];
    unknownId(ctx, factAt(ctx, ["speaker"]), { id: speaker, what: "person or organization", known });
  }
  // An outlet written in outlets.yaml that failed its schema is reported there, not again here.
  const written = ctx.outletsYaml?.data;
  const inFile = typeof written === "object" && written !== null && Object.hasOwn(written, facts.outlet);
  if (ctx.outlets !== UNREAD_OUTLETS && !Object.hasOwn(ctx.outlets, facts.outlet) && !inFile)
    unknownId(ctx, factAt(ctx, ["outlet"]), { id: facts.outlet, what: "outlet", known: Object.keys(ctx.outlets) });
  facts.people.forEach((id, i) => check("people", ["people", i], id, "person"));
  facts.organizations.forEach((id, i) => check("organizations", ["organizations", i], id, "organization"));
  facts.credits.forEach((c, i) => {
    if (c.organization) check("organizations", ["credits", i, "organization"], c.organization, "organization");
    if (c.person) check("people", ["credits", i, "person"], c.person, "person");
    if (!c.organization && !c.person) {
      ctx.diagnostics.error({
        ...factAt(ctx, ["credits", i]),
        code: "data/missing-field",
        message: "A credit names an `organization` or a `person`",
      });
    }
  });
  facts.images.forEach(({ credit }, i) => {
    if (!credit) return;
    if (credit.organization)
      check("organizations", ["images", i, "credit", "organization"], credit.organization, "organization");
    if (credit.person) check("people", ["images", i, "credit", "person"], credit.person, "person");
    if (!credit.organization && !credit.person) {
      ctx.diagnostics.error({
        ...factAt(ctx, ["images", i, "credit"]),
        code: "data/missing-field",
        message: "A photo credit names an `organization` or a `person`",
        hint: "Or leave `credit` out here and give each locale's credit text under `images:` in <locale>.md.",
      });
    }
  });
  facts.figures.forEach((f, i) =>
    f.places.forEach((id, j) => check("places", ["figures", i, "places", j], id, "place")),
  );
  const figureIds = facts.figures.map((f) => f.id);
  facts.charts.forEach((c, i) =>
    c.figures.forEach((id, j) => {
      if (!figureIds.includes(id))
        unknownId(ctx, factAt(ctx, ["charts", i, "figures", j]), { id, what: "figure", known: figureIds });
    }),
  );
};

/**
 * A count's `unit:` is a unit of every catalog its article is written in, reported at the figure:
 * a misspelt or new unit otherwise surfaced as `catalog/missing-key` at each catalog file, no
 * line, two to four times a locale, never naming the article's figure. A unit no catalog has is
 * one error for the article (every locale); one some lack, an error for each of those.
 */
const knownUnits: ArticleRule = (ctx) => {
  const { units } = ctx;
  if (!units) return;
  // A locale whose units were not read has its own error (catalog/missing-locale, data/yaml-syntax).
  const locales = ctx.locales.filter((l) => contentLocale(l) === l && units.read(l));
  ctx.article.facts.figures.forEach((f, i) => {
    const { unit } = f;
    if ((f.type ?? "count") !== "count" || unit === undefined) return;
    const lacking = locales.filter((l) => !units.names(l).includes(unit));
    if (lacking.length === 0) return;
    const at = factAt(ctx, ["figures", i, "unit"]);
    const every = lacking.length === locales.length;
    for (const locale of every ? [ctx.source] : lacking) {
      const known = units.names(locale);
      const near = closest(unit, known);
      const file = units.file(locale);
      ctx.diagnostics.error({
        ...at,
        ...(every ? {} : { locale }),
        code: "figure/unknown-unit",
        message: every
          ? `Unknown unit \`${unit}\`: no locale's units.json has it`
          : `The unit \`${unit}\` is not in ${file}`,
        hint: near
          ? `Did you mean \`${near}\`?`
          : `Add its forms (\`${unit}_one\`, \`${unit}_other\` and the others the language needs) to ${file}${every ? " and each locale's units.json" : ""}; it has ${known.join(", ")}.`,
        actual: unit,
      });
    }
  });
};

/** What a figure counts or measures, as a chart's message names it. */
function figureKind(f: Figure): string {
  if (f.type === "money") return `money in ${f.currency ?? "no currency"}`;
  if (f.type === "percent") return "a percentage";
  if (f.type === "points") return "percentage points";
  return `a count of \`${f.unit ?? ""}\``;
}

/**
 * What a bar of the figure would stand for: the figure's kind, or a difference in it (`trend`,
 * `signed`: "rose by 15 people", "+12.2%"), which beside a level of that kind would compare a
 * change with a total on one scale (red team: 20 people beside "rose by 15 people").
 */
function barKind(f: Figure): string {
  const kind = figureKind(f);
  return f.trend || f.signed ? `${kind} as a difference` : kind;
}

/**
 * How the chart's message names a bar's kind: with the flag that makes it a difference. `trend`
 * and `signed` only word a difference ("rose by 3%", "+3%"): bars of either share one scale
 * (red team: a `trend` figure beside a `signed` one was chart/mixed-units).
 */
function barKindWritten(f: Figure): string {
  const kind = barKind(f);
  return f.trend ? `${kind}, \`trend: true\`` : f.signed ? `${kind}, \`signed: true\`` : kind;
}

/**
 * Why one bar cannot draw the figure, or undefined when it can. A bar is one value from zero:
 * a change (`change: { from, to }`) has two, and was drawn as its end under the words "from 4
 * to 10 people"; a range has two, and was drawn as its `to`, for a negative range the end
 * nearer zero (−10 – −5% shorter than −7%).
 */
function unchartable(f: Figure): { what: string; hint: string } | undefined {
  if (f.change)
    return {
      what: `a change from ${f.change.from} to ${f.change.to} (\`change:\`)`,
      hint: `Chart the values before and after as two figures, or the difference as one figure with \`trend: true\`; \`${f.id}\` stays in the key figures.`,
    };
  if (f.value !== undefined && typeof f.value !== "number")
    return {
      what: `a range from ${f.value.from} to ${f.value.to} (\`value: { from, to }\`)`,
      hint: `Chart one value a bar (give the end you mean a figure of its own), or leave \`${f.id}\` out of the chart; it stays in the key figures.`,
    };
  return undefined;
}

/**
 * A chart's bars share one scale, so its figures are of one kind: counts of one unit, money in
 * one currency (scales may differ: a bar's length is the value times its scale), percentages or
 * points, all levels or all differences. Each figure of another kind than the chart's first is
 * reported at its entry; a figure one bar cannot draw (a change, a range) is refused first.
 */
const chartOfOneKind: ArticleRule = (ctx) => {
  const { facts } = ctx.article;
  facts.charts.forEach((chart, i) => {
    const drawn = chart.figures.flatMap((id, j) => {
      const figure = facts.figures.find((f) => f.id === id);
      if (!figure) return [];
      if (chart.figures.indexOf(id) < j) {
        // The same bar twice, under the same label (red team: drawn twice, unreported).
        ctx.diagnostics.error({
          ...factAt(ctx, ["charts", i, "figures", j]),
          code: "data/duplicate-id",
          message: `\`${id}\` appears twice in chart \`${chart.id}\``,
          hint: "A chart draws each figure once: leave out the second mention.",
        });
        return [];
      }
      const problem = unchartable(figure);
      if (!problem) return [{ figure, j }];
      ctx.diagnostics.error({
        ...factAt(ctx, ["charts", i, "figures", j]),
        code: "chart/unchartable-figure",
        message: `Chart \`${chart.id}\` cannot draw \`${figure.id}\` as a bar: it is ${problem.what}, and a bar shows one value`,
        hint: problem.hint,
      });
      return [];
    });
    const [first, ...rest] = drawn;
    if (!first) return;
    const kind = barKind(first.figure);
    for (const { figure, j } of rest) {
      const other = barKind(figure);
      if (other === kind) continue;
      ctx.diagnostics.error({
        ...factAt(ctx, ["charts", i, "figures", j]),
        code: "chart/mixed-units",
        message:
          `Chart \`${chart.id}\` draws \`${first.figure.id}\` (${barKindWritten(first.figure)}) and \`${figure.id}\` (${barKindWritten(figure)}) ` +
          "as bars of one scale",
        hint: `Bars of one chart compare figures of one kind: give \`${figure.id}\` a chart of its own, or leave it out of this one.`,
        expected: kind,
        actual: other,
      });
    }
  });
};

/** Ids inside one list of the facts are unique. */
const uniqueFactIds: ArticleRule = (ctx) => {
  const { facts } = ctx.article;
  for (const list of ["figures", "charts", "timeline", "media", "links", "images", "corrections"] as const) {
    const seen = new Set<string>();
    facts[list].forEach((item, i) => {
      if (seen.has(item.id)) {
        ctx.diagnostics.error({
          ...factAt(ctx, [list, i, "id"]),
          code: "data/duplicate-id",
          message: `\`${item.id}\` appears twice in \`${list}\``,
        });
      }
      seen.add(item.id);
    });
  }
};

/**
 * Every link of a Markdown body and of the notes to editors follows the URL policy
 * (src/core/links.ts). The URLs of the facts and the outlets are fields: the schema checks them.
 */
const safeLinks: ArticleRule = (ctx) => {
  const refuse = (at: Where, url: string) =>
    ctx.diagnostics.error({
      ...at,
      code: "data/unsafe-link",
      message: `Link \`${url}\` is refused: ${linkProblem(url) ?? "it is not a safe link"}`,
      hint: "Use an absolute URL such as https://example.org/page.",
      actual: url,
    });
  const accreditation = ctx.article.facts.event?.accreditation?.url;
  if (accreditation !== undefined && !(isSafeUrl(accreditation) && /^https?:/i.test(accreditation.trim())))
    refuse(factAt(ctx, ["event", "accreditation", "url"]), accreditation);
  const checkLink = (link: ScannedLink, at: Where) => {
    if (link.image)
      ctx.diagnostics.error({
        ...at,
        code: "data/markdown-image",
        message: `A Markdown image (\`${link.href}\`) is not shown: a body is text, and \`![…](…)\` prints as «!» and a link`,
        hint: "A photo is a file in the article's folder, listed under `images:` in article.yaml, with its alt text (and caption) under `images:` in each locale's file (docs/content-model.md, Photos); an exclamation mark meant as text before a link is written `\\!` (`now\\![the report](…)`).",
        actual: link.href,
      });
    // An image's target is still a link on the page: a hostile scheme is refused as any link's;
    // a relative path (a photo's file name) is what the error above answers.
    if (isSafeUrl(link.href) || (link.image && !/^[a-z][a-z0-9+.-]*:/i.test(link.href.trim()))) return;
    refuse(at, link.href);
  };
  for (const text of Object.values(ctx.article.texts)) {
    const base = { file: text.file, locale: text.locale, article: ctx.article.id };
    for (const link of scanLinks(text.body))
      checkLink(link, { ...base, pointer: "", line: text.bodyLine + link.line - 1, column: link.column });
    for (const link of text.notes ? scanLinks(text.notes) : [])
      checkLink(link, { ...base, pointer: "/notes", ...notesPlace(text, link.line, link.column) });
  }
};

/**
 * Where a line and column of the notes to editors (1-based, in the notes as read) are written in
 * the locale's file, inside the `notes:` block, as a body's are (red team: at the field).
 */
function notesPlace(text: ArticleText, line: number, column: number): Place {
  const notes = text.notes ?? "";
  const lines = notes.split("\n");
  let index = column - 1;
  for (let k = 0; k < line - 1; k++) index += (lines[k]?.length ?? 0) + 1;
  return text.yaml.locateIn(["notes"], notes, index);
}

/** Every glossary entry and outlet the article uses has a name in every locale it is built in. */
const namesInEveryLocale: ArticleRule = (ctx) => {
  const { facts } = ctx.article;
  const uses: [GlossarySection, string][] = [
    ["places", facts.dateline],
    ...(facts.event?.place ? [["places", facts.event.place] as [GlossarySection, string]] : []),
    ...(facts.speaker
      ? [
          [Object.hasOwn(ctx.glossary.people, facts.speaker) ? "people" : "organizations", facts.speaker] as [
            GlossarySection,
            string,
          ],
        ]
      : []),
    ...facts.people.map((id): [GlossarySection, string] => ["people", id]),
    ...facts.organizations.map((id): [GlossarySection, string] => ["organizations", id]),
    ...facts.figures.flatMap((f) => f.places.map((id): [GlossarySection, string] => ["places", id])),
    ...[...facts.credits, ...facts.images.flatMap((img) => (img.credit ? [img.credit] : []))].flatMap(
      (c): [GlossarySection, string][] => [
        ...(c.organization ? [["organizations", c.organization] as [GlossarySection, string]] : []),
        ...(c.person ? [["people", c.person] as [GlossarySection, string]] : []),
      ],
    ),
  ];
  for (const locale of Object.keys(ctx.article.texts) as Locale[]) {
    for (const [section, id] of [...new Set(uses.map((u) => u.join("\0")))].map(
      (s) => s.split("\0") as [GlossarySection, string],
    )) {
      const entry = ctx.glossary[section][id];
      if (entry && !entry[locale]) {
        ctx.diagnostics.error({
          code: "glossary/missing-name",
          message: `\`${section}.${id}\` has no ${locale} name`,
          hint: `Add \`${locale}: { name: … }\` to the entry in data/glossary.yaml.`,
          file: ctx.glossaryYaml?.source.file ?? "data/glossary.yaml",
          ...ctx.glossaryYaml?.locate([section, id]),
          pointer: pointerOf([section, id]),
          locale,
          article: ctx.article.id,
        });
      }
    }
    const outlet = ctx.outlets[facts.outlet];
    if (outlet && !outlet[locale]) {
      ctx.diagnostics.error({
        code: "glossary/missing-name",
        message: `Outlet \`${facts.outlet}\` has no ${locale} name and about text`,
        file: ctx.outletsYaml?.source.file ?? "data/outlets.yaml",
        ...ctx.outletsYaml?.locate([facts.outlet]),
        pointer: pointerOf([facts.outlet]),
        locale,
        article: ctx.article.id,
      });
    }
  }
};

/** The people and organizations an article lists, as glossary section and id. */
function listedEntries(ctx: RuleContext): [GlossarySection, string][] {
  const { facts } = ctx.article;
  return [
    ...facts.people.map((id): [GlossarySection, string] => ["people", id]),
    ...facts.organizations.map((id): [GlossarySection, string] => ["organizations", id]),
  ];
}

/** A warning about a listed entry's role in one locale, at the role in data/glossary.yaml. */
function warnAtRole(
  ctx: RuleContext,
  at: { section: GlossarySection; id: string; locale: Locale; role: string },
  about: { code: "typography/double-dash" | "glossary/role-lowercases-name"; message: string; hint: string },
): void {
  const path = [at.section, at.id, at.locale, "role"];
  ctx.diagnostics.warn({
    ...about,
    file: ctx.glossaryYaml?.source.file ?? "data/glossary.yaml",
    ...ctx.glossaryYaml?.locate(path),
    pointer: pointerOf(path),
    locale: at.locale,
    article: ctx.article.id,
    actual: at.role,
  });
}

/**
 * A role is printed after its name and a dash («Болат Дембаев — заместитель генерального
 * прокурора»), or after a comma when it has a dash of its own: an official title of two posts
 * («заместитель Премьер-Министра — министр национальной экономики») prints as the press writes
 * it, «Серик Жумангарин, заместитель Премьер-Министра — министр …». A role with two dashes or
 * more still gives its line two: warned per locale at the role in data/glossary.yaml.
 */
const noDashInRoles: ArticleRule = (ctx) => {
  const listed = listedEntries(ctx);
  for (const locale of Object.keys(ctx.article.texts) as Locale[])
    for (const [section, id] of listed) {
      const role = ctx.glossary[section][id]?.[locale]?.role;
      const dashes = role ? dashesInRole(role) : 0;
      const edge = role !== undefined && roleEdgeDash(role);
      if (!role || (dashes < 2 && !edge)) continue;
      warnAtRole(
        ctx,
        { section, id, locale, role },
        {
          code: "typography/double-dash",
          ...(edge
            ? {
                message: `The ${locale} role of \`${section}.${id}\` begins or ends with a dash; printed after the name and a dash, its line has two`,
                hint: "Take the dash off the role: the list puts one between the name and the role itself.",
              }
            : {
                message: `The ${locale} role of \`${section}.${id}\` has ${dashes} dashes; printed after the name and a comma, its line still has two`,
                hint: "Keep at most one dash, an official title's own («заместитель Премьер-Министра — министр национальной экономики»): reword the rest with a comma or words («пожизненный председатель Нурсултан Назарбаев»).",
              }),
        },
      );
    }
};

/**
 * A text's first two words, the first capitalized as `roleAfterName` would lower it: «Алматы»
 * and «қаласы» of «Алматы қаласы … судьясы», «Дүниежүзілік» and «банк» of «Дүниежүзілік банк».
 */
const LEADING_WORDS = /^(\p{Lu}[^\s,;:—–]*)(?:\s+([^\s,;:—–]+))?/u;

/**
 * A role printed after its name starts in lower case unless `roleBeginsWithProperNoun` says it
 * begins with a proper noun. A role that begins with the name of a place or organization of the
 * glossary in that locale («Алматы қаласы Алмалы аудандық сотының судьясы») would be printed with
 * that name lowered («алматы қаласы …», real material): warned at the role, naming the entry. A
 * name of more words is matched by its first two (the second may take a case ending: «Дүниежүзілік
 * банктің»): «Ұлттық қауіпсіздік комитетінің төрағасы» does not begin with «Ұлттық банк», nor
 * "Central bank governor" with "Central Election Commission" (red team: both were warned).
 */
const roleLowersAName: ArticleRule = (ctx) => {
  const listed = listedEntries(ctx);
  for (const locale of Object.keys(ctx.article.texts) as Locale[]) {
    let names: Map<string, GlossaryName[]> | undefined;
    for (const [section, id] of listed) {
      const entry = ctx.glossary[section][id]?.[locale];
      const role = entry?.role;
      if (!role || entry.roleBeginsWithProperNoun || roleAfterName(role, locale, false) === role) continue;
      const [, first, second] = LEADING_WORDS.exec(role) ?? [];
      if (!first) continue;
      names ??= glossaryNameWords(ctx.glossary, locale);
      const named = names
        .get(first)
        ?.find((name) => name.second === undefined || (second !== undefined && second.startsWith(name.second)));
      if (!named) continue;
      const begins = named.second === undefined ? first : `${first} ${named.second}`;
      warnAtRole(
        ctx,
        { section, id, locale, role },
        {
          code: "glossary/role-lowercases-name",
          message: `The ${locale} role of \`${section}.${id}\` begins with «${begins}», a name (\`${named.entry}\`); printed after the name it would read «${roleAfterName(role, locale, false)}»`,
          hint: `If the role begins with that name, set \`roleBeginsWithProperNoun: true\` in its ${locale} block: the role is then printed as written.`,
        },
      );
    }
  }
};

/** A place's or organization's name as a role may begin with it: its first word, and its second if it has one. */
interface GlossaryName {
  readonly second: string | undefined;
  /** `places.almaty`. */
  readonly entry: string;
}

/** Each place's and organization's name in a locale, by its first word. */
function glossaryNameWords(glossary: Glossary, locale: Locale): Map<string, GlossaryName[]> {
  const words = new Map<string, GlossaryName[]>();
  for (const section of ["places", "organizations"] as const)
    for (const [id, entry] of Object.entries(glossary[section])) {
      const [, first, second] = LEADING_WORDS.exec(entry[locale]?.name ?? "") ?? [];
      if (!first) continue;
      const names = words.get(first) ?? [];
      words.set(first, names);
      names.push({ second, entry: `${section}.${id}` });
    }
  return words;
}

/** Labels in a locale file refer to facts that exist; facts without a label are reported. */
const labelsMatchFacts: ArticleRule = (ctx) => {
  const { facts } = ctx.article;
  for (const text of Object.values(ctx.article.texts)) {
    const at = (path: PropertyKey[]) => ({
      file: text.file,
      pointer: pointerOf(path),
      ...text.yaml.locate(path),
      locale: text.locale,
      article: ctx.article.id,
    });
    for (const list of ["figures", "charts", "timeline", "media", "links", "images", "corrections"] as const) {
      const ids = facts[list].map((f) => f.id);
      for (const id of Object.keys(text[list])) {
        if (!ids.includes(id)) unknownId(ctx, at([list, id]), { id, what: list.replace(/s$/, ""), known: ids });
      }
      for (const id of ids) {
        if (!Object.hasOwn(text[list], id)) {
          ctx.diagnostics.error({
            ...at([list]),
            code: "translation/missing-label",
            message: `No ${text.locale} ${list === "corrections" ? "text" : "label"} for ${list.replace(/s$/, "")} \`${id}\``,
            hint: `Add \`${id}: …\` under \`${list}:\` in the front matter.`,
          });
        }
      }
    }
    text.quotes.forEach((q, i) => {
      const known =
        ctx.glossary === UNREAD_GLOSSARY ||
        Object.hasOwn(ctx.glossary.people, q.speaker) ||
        Object.hasOwn(ctx.glossary.organizations, q.speaker);
      if (!known) {
        ctx.diagnostics.error({
          ...at(["quotes", i, "speaker"]),
          code: "data/unknown-id",
          message: `Unknown speaker id \`${q.speaker}\``,
          hint: "A speaker is a person or an organization from data/glossary.yaml.",
          actual: q.speaker,
        });
      }
    });
  }
};

/**
 * What an author may have meant as a label's placeholder: a group of braces (`{value}`,
 * `{ period.in }`, `{{Value}}`, `{valeu}`), taken from the first brace of a run so that a run of
 * `{` is scanned once.
 */
const BRACED = /(?<!\{)\{+[^{}]*\}+/gu;
/** A period placeholder with other braces, spaces or capitals around or in it, or written right. */
const LOOSE_PERIOD_PLACEHOLDER = /^\{+\s*period(?![\p{L}\p{N}_])/iu;
const EXACT_PERIOD_PLACEHOLDER = new RegExp(`^${PERIOD_PLACEHOLDER.source}$`);

/**
 * A label's placeholders are written as tilpress reads them, reported at the placeholder: a
 * `{period.<form>}` names a form tilpress writes (`in`, `dated`, `of`), and a label that places
 * the period belongs to a figure that has one, so that a misspelt `{period.inn}` does not print
 * the nominative and a `{period}` does not print nothing; a `{ period.in }`, `{PERIOD.IN}`,
 * `{ value }`, `{Value}` or `{valeu}` would be printed as written, braces and all.
 */
const labelPlaceholders: ArticleRule = (ctx) => {
  const periods = new Map(ctx.article.facts.figures.map((f) => [f.id, f.period]));
  const forms = PERIOD_FORMS.map((f) => `\`{period.${f}}\``).join(", ");
  const periodForms = `A label writes the period as \`{period}\` or in a form: ${forms} (docs/content-model.md, "Labels").`;
  for (const text of Object.values(ctx.article.texts)) {
    for (const [id, label] of Object.entries(text.figures)) {
      if (!periods.has(id)) continue; // an unknown figure is labelsMatchFacts'
      const path = ["figures", id];
      const report = (code: string, placeholder: RegExpExecArray, message: string, hint: string) =>
        ctx.diagnostics.error({
          file: text.file,
          pointer: pointerOf(path),
          ...text.yaml.locateIn(path, label, placeholder.index),
          locale: text.locale,
          article: ctx.article.id,
          code,
          message,
          hint,
          actual: placeholder[0],
        });
      const printed = (written: string) =>
        `\`${written}\` in the ${text.locale} label of figure \`${id}\` is not a placeholder: it would be printed as written`;
      let values = 0;
      for (const m of label.matchAll(BRACED)) {
        const written = m[0];
        if (written === VALUE_PLACEHOLDER) {
          // placeLabel prints the value at the first and drops the others.
          if (++values === 2)
            report(
              "figure/value-placeholder",
              m,
              `The ${text.locale} label of figure \`${id}\` places \`${VALUE_PLACEHOLDER}\` twice: the value is printed at the first only`,
              `Write \`${VALUE_PLACEHOLDER}\` once.`,
            );
          continue;
        }
        // What the braces hold, as a placeholder is written: `{ Period.In }` → `period.in`.
        const meant = written.replace(/[{}\s]/g, "").toLowerCase();
        if (!LOOSE_PERIOD_PLACEHOLDER.test(written)) {
          // `{ value }`, `{Value}`, `{{value}}`, a misspelt `{valeu}` or `{peroid.in}`; braces
          // holding anything else are the label's own text.
          const [name = "", ...form] = meant.split(".");
          const near = closest(name, LABEL_PLACEHOLDER_NAMES);
          if (near === "value") {
            report(
              "figure/value-placeholder",
              m,
              printed(written),
              name === "value" && form.length === 0
                ? `Write \`${VALUE_PLACEHOLDER}\`: one pair of braces, lower case, no spaces.`
                : `Did you mean \`${VALUE_PLACEHOLDER}\`?`,
            );
          } else if (near === "period") {
            const suggested = form.length === 1 && isPeriodForm(form[0] ?? "") ? `{period.${form[0]}}` : undefined;
            report(
              "figure/period-placeholder",
              m,
              printed(written),
              suggested ? `Did you mean \`${suggested}\`?` : periodForms,
            );
          }
          continue;
        }
        const exact = EXACT_PERIOD_PLACEHOLDER.exec(written);
        if (!exact) {
          // `{ period.in }`, `{PERIOD.IN}`, `{{period.in}}`: not replaced, printed with its braces.
          const known = EXACT_PERIOD_PLACEHOLDER.exec(`{${meant}}`);
          report(
            "figure/period-placeholder",
            m,
            printed(written),
            known && (known[1] === undefined || isPeriodForm(known[1]))
              ? `Write \`{${meant}}\`: one pair of braces, lower case, no spaces.`
              : periodForms,
          );
          continue;
        }
        const form = exact[1];
        const known = form === undefined || isPeriodForm(form);
        if (known && periods.get(id) !== undefined) continue;
        const near = form === undefined ? undefined : closest(form, PERIOD_FORMS);
        report(
          "figure/period-placeholder",
          m,
          known
            ? `The ${text.locale} label of figure \`${id}\` places its period with \`${written}\`, but the figure has no \`period\``
            : `Unknown period form \`${written}\` in the ${text.locale} label of figure \`${id}\``,
          known
            ? `Give the figure a \`period:\` in ${ctx.article.factsFile} ("2025-12"), or take \`${written}\` out of the label.`
            : near
              ? `Did you mean \`{period.${near}}\`?`
              : periodForms,
        );
      }
    }
  }
};

/**
 * Image files exist inside the article's folder and are PNG or JPEG that decode, within the
 * pixel limit and, together, the article's decoded-bytes budget; they are read here, once.
 */
const imagesReadable: ArticleRule = (ctx) => {
  const budget = ctx.files.limits.imageDecodedBytesPerArticle;
  let decoded = 0;
  ctx.article.facts.images.forEach((image, i) => {
    try {
      const checked = readArticleImage(ctx.files, ctx.article.dir, image.file);
      if (decoded + checked.decodedBytes > budget) {
        throw new ImageProblem(
          "data/images-over-budget",
          `Image \`${image.file}\` takes the article's images to ${formatBytes(decoded + checked.decodedBytes)} decoded, over the budget of ${formatBytes(budget)}`,
          `Scale the photos down to about ${SHOWN_WIDTH_PX} px wide (the page's text width at 300 dpi), or raise limits.imageDecodedBytesPerArticle in tilpress.config.json.`,
        );
      }
      decoded += checked.decodedBytes;
      ctx.article.images.set(image.id, checked);
    } catch (error) {
      if (!(error instanceof ImageProblem)) throw error;
      ctx.diagnostics.error({
        ...factAt(ctx, ["images", i, "file"]),
        code: error.code,
        message: error.message,
        hint:
          error.hint ??
          (error.code === "data/bad-image"
            ? "Export the image again as PNG or JPEG; a damaged file would break the PDF."
            : "Put the image in the article's folder and name it relative to it."),
        actual: image.file,
      });
    }
  });
};

/** A translation has as many key quotes and body links as the source text (numbers: `numberParity`). */
const parityWithSource: ArticleRule = (ctx) => {
  const source = ctx.article.texts[ctx.source];
  if (!source) return;
  const sourceLinks = scanLinks(source.body).length;
  for (const text of Object.values(ctx.article.texts)) {
    if (text.locale === ctx.source) continue;
    const scope = { file: text.file, locale: text.locale, article: ctx.article.id };
    if (text.quotes.length !== source.quotes.length) {
      ctx.diagnostics.error({
        ...scope,
        pointer: "/quotes",
        ...text.yaml.locate(["quotes"]),
        code: "translation/quote-count",
        message: `${text.quotes.length} key quotes in ${text.locale}, ${source.quotes.length} in ${ctx.source}`,
      });
    }
    const links = scanLinks(text.body).length;
    if (links !== sourceLinks) {
      ctx.diagnostics.error({
        ...scope,
        line: text.bodyLine,
        column: 1,
        code: "translation/link-count",
        message: `${links} links in the ${text.locale} body, ${sourceLinks} in ${ctx.source}`,
      });
    }
  }
};

/** A translation records which source text it was made from; a changed source makes it stale. */
const translationsUpToDate: ArticleRule = (ctx) => {
  const source = ctx.article.texts[ctx.source];
  if (!source) return;
  const current = sourceHash(source.yaml.source.text);
  for (const text of Object.values(ctx.article.texts)) {
    if (text.locale === ctx.source) continue;
    const scope = { file: text.file, locale: text.locale, article: ctx.article.id };
    const review = `npx tilpress review --article ${ctx.article.id} --locale ${text.locale}`;
    if (!text.source) {
      ctx.diagnostics.warn({
        ...scope,
        line: 1,
        column: 1,
        code: "translation/untracked",
        message: `The ${text.locale} text does not record which ${ctx.source} text it translates`,
        hint: `Once it is checked against ${source.file}, run \`${review}\`.`,
      });
    } else if (text.source !== current) {
      ctx.diagnostics.warn({
        ...scope,
        pointer: "/source",
        ...text.yaml.locate(["source"]),
        code: "translation/stale",
        message: `${source.file} changed since the ${text.locale} translation was made`,
        hint: `Update the translation, then run \`${review}\` to mark it reviewed.`,
        expected: current,
        actual: text.source,
      });
    }
  }
};

/**
 * A body, or notes to editors, nested deeper than Markdown is read: what is deeper would be left
 * out of every page, silently. The notes are reported at their field.
 */
const markdownDepth: ArticleRule = (ctx) => {
  const report = { code: "data/markdown-too-deep", article: ctx.article.id } as const;
  const message = "Quotes or lists nested 20 levels deep (ten levels of lists): Markdown leaves out what is deeper";
  const hint = "Nest less: a quote inside a quote, a list inside a list, a few levels at most.";
  for (const text of Object.values(ctx.article.texts)) {
    const line = tooDeepLine(text.body);
    if (line !== undefined)
      ctx.diagnostics.error({
        ...report,
        message,
        hint,
        file: text.file,
        line: text.bodyLine + line - 1,
        column: 1,
        locale: text.locale,
      });
    const notesLine = text.notes === undefined ? undefined : tooDeepLine(text.notes);
    if (notesLine !== undefined)
      ctx.diagnostics.error({
        ...report,
        message: `The notes to editors: ${message}`,
        hint,
        file: text.file,
        pointer: "/notes",
        ...notesPlace(text, notesLine, 1),
        locale: text.locale,
      });
  }
};

/** What comes before a caption mark on its line: quote marks, list markers, indentation. */
const BLOCK_PREFIX = /^[ \t>*+\-\d.)]*/;

/**
 * A paragraph of the body (after the lede: a lede with the mark is data/no-lede) or of the notes
 * to editors that starts with a caption mark (`Table: …`, `: …`) and is no table's caption: the
 * page prints it as written, mark and all. A press officer writes the mark for a table, so it is
 * a table that did not come out (a pipe table without its delimiter row) or a caption set apart
 * from its table. Reported at the mark.
 */
const strayCaptions: ArticleRule = (ctx) => {
  const report = {
    code: "data/stray-caption",
    article: ctx.article.id,
    hint:
      "Put the caption right before or after its table (a blank line between at most; a pipe table needs its " +
      "delimiter row, `|---|---|`), or take the mark off.",
  } as const;
  const message = (where: string) =>
    `${where} starts with a table caption (\`Table: …\` or \`: …\`) that is no table's caption: it would be printed as written, caption mark and all`;
  const column = (source: string, line: number) =>
    (BLOCK_PREFIX.exec(source.split("\n")[line - 1] ?? "")?.[0].length ?? 0) + 1;
  for (const text of Object.values(ctx.article.texts)) {
    for (const line of strayCaptionLines(text.body))
      ctx.diagnostics.warn({
        ...report,
        message: message("A paragraph of the body"),
        file: text.file,
        line: text.bodyLine + line - 1,
        column: column(text.body, line),
        locale: text.locale,
      });
    for (const line of text.notes === undefined ? [] : strayCaptionLines(text.notes))
      ctx.diagnostics.warn({
        ...report,
        message: message("A paragraph of the notes to editors"),
        file: text.file,
        pointer: "/notes",
        ...notesPlace(text, line, column(text.notes ?? "", line)),
        locale: text.locale,
      });
  }
};

/**
 * HTML in a body or the notes (`<b>`, `<img>`, a `<div>` block): the pages read Markdown only,
 * so it would be printed as text, angle brackets and all. The first of each is reported, with how
 * many more: a pasted web page has hundreds.
 */
const noRawHtml: ArticleRule = (ctx) => {
  for (const text of Object.values(ctx.article.texts)) {
    const parts = [
      {
        found: scanHtml(text.body),
        where: "the body",
        at: (line: number, column: number): Place & { pointer: string } => ({
          pointer: "",
          line: text.bodyLine + line - 1,
          column,
        }),
      },
      {
        found: text.notes === undefined ? [] : scanHtml(text.notes),
        where: "the notes to editors",
        at: (line: number, column: number): Place & { pointer: string } => ({
          pointer: "/notes",
          ...notesPlace(text, line, column),
        }),
      },
    ];
    for (const { found, where, at } of parts) {
      const [first] = found;
      if (!first) continue;
      const more = found.length > 1 ? ` (and ${found.length - 1} more)` : "";
      ctx.diagnostics.warn({
        file: text.file,
        ...at(first.line, first.column),
        code: "data/raw-html",
        message: `HTML in ${where}, \`${first.tag}\`${more}, is printed as text: the pages read Markdown only`,
        hint: "Write Markdown: **bold**, *italic*, [text](https://…), a blank line between paragraphs; a photo goes under `images:` (docs/content-model.md, Photos).",
        locale: text.locale,
        article: ctx.article.id,
        actual: first.tag,
      });
    }
  }
};

export const articleRules: readonly ArticleRule[] = [
  knownGlossaryIds,
  uniqueFactIds,
  chartOfOneKind,
  knownUnits,
  safeLinks,
  markdownDepth,
  strayCaptions,
  noRawHtml,
  contactsChecked,
  eventMatchesKind,
  embargoDates,
  namesInEveryLocale,
  noDashInRoles,
  roleLowersAName,
  labelsMatchFacts,
  labelPlaceholders,
  imagesReadable,
  parityWithSource,
  numberParity,
  figureCurrencies,
  translationsUpToDate,
];

/**
 * The keys of a localized mapping (a glossary entry, an outlet, a newsletter issue) that are
 * neither one of its `fields` nor a locale id (a canonical BCP 47 tag of a language Intl knows:
 * `de`, `kk-Latn`). Every locale counts, not only those built, so that `--locale en` still
 * accepts a `kk:` name and a glossary may hold names for a language not yet configured.
 */
export function unknownLocaleKeys(keys: readonly string[], fields: readonly string[]): string[] {
  return keys.filter((key) => !fields.includes(key) && !isLocaleId(key));
}

/** The known id nearest to a misspelt one, if any is close. */
export const closest = didYouMean;
