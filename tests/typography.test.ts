import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selectAll } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { textContent } from "domutils";
import { describe, expect, it } from "vitest";
import { DiagnosticList } from "../src/core/diagnostic.js";
import { plainCharacters } from "../src/typography/plainCharacters.js";
import { commonMark } from "../src/core/markdown.js";
import { createMarkdown } from "../src/render/markdown.js";
import { markdownHtml } from "../src/render/helpers/context.js";
import { loadCatalog } from "../src/i18n/catalog.js";
import { ProjectFiles } from "../src/core/projectFiles.js";
import { createTranslator } from "../src/i18n/translator.js";
import { build } from "../src/index.js";
import { loadProject } from "../src/load/loadProject.js";
import { DEFAULT_LOCALES, resolveLocales } from "../src/locale/index.js";
import { modelArticle } from "../src/model/articleModel.js";
import type { ArticleView } from "../src/model/view.js";
import { ellipsis, smartQuotes, typeset } from "../src/typography/rules.js";
import { roleAfterName } from "../src/typography/roles.js";
import { typesetView } from "../src/typography/typesetView.js";
import { validateProject } from "../src/validate/validateProject.js";
import { bundledPages, edit, parseHtml, PROFILES, projectCopy, REPO, runCli, SEED, seedCopy } from "./helpers.js";

const NBSP = "\u00a0";
const [en, kk, ru] = [PROFILES.get("en"), PROFILES.get("kk"), PROFILES.get("ru")];

describe("typography rules", () => {
  // Expected strings spell the invisible characters out: NBSP U+00A0, NBH U+2011 no-break hyphen.
  const NBH = "\u2011";

  it("a number keeps its word; a code that ends in digits (KC101, A4, G20) wraps like a word", () => {
    // A run of flight numbers glued by no-break spaces could not wrap: the PDF cut words mid-letter.
    expect(typeset("Flights KC101 KC102 were cancelled; 100 people", en)).toBe(
      `Flights KC101 KC102 were cancelled; 100${NBSP}people`,
    );
    expect(typeset("Рейсы KC101 и KC102 отменены, 5 человек", ru)).toBe(
      `Рейсы KC101 и${NBSP}KC102 отменены, 5${NBSP}человек`,
    );
    expect(typeset("G20 саммиті, 2024 жылы", kk)).toBe(`G20 саммиті, 2024${NBSP}жылы`);
  });

  it("smartQuotes: the locale's primary pair, and its nested pair inside it", () => {
    expect(smartQuotes('He said "no" and left.', en)).toBe("He said “no” and left.");
    expect(smartQuotes('"The "Nur Otan" party"', en)).toBe("“The ‘Nur Otan’ party”");
    expect(smartQuotes('Ол "жоқ" деді.', kk)).toBe("Ол «жоқ» деді.");
    expect(smartQuotes('"Ол "Нұр Отан" партиясы"', kk)).toBe("«Ол „Нұр Отан“ партиясы»");
    expect(smartQuotes('Партия "Нур Отан" (и "Ак жол")', ru)).toBe("Партия «Нур Отан» (и «Ак жол»)");
    expect(smartQuotes('"Партия "Нур Отан" победила"', ru)).toBe("«Партия „Нур Отан“ победила»");
  });

  it("smartQuotes nests typed quotation marks too: «…«…»…» becomes «…„…“…»", () => {
    expect(smartQuotes("«Партия «Нур Отан» победила»", ru)).toBe("«Партия „Нур Отан“ победила»");
    expect(smartQuotes("«Ол «Нұр Отан» партиясы»", kk)).toBe("«Ол „Нұр Отан“ партиясы»");
    expect(smartQuotes("“The “Nur Otan” party”", en)).toBe("“The ‘Nur Otan’ party”");
  });

  it("two closing marks written as one («НК «КазАвтоЖол») are left as written, not nested into unbalanced marks", () => {
    // Russian and Kazakh legal names: the closing marks of both quotes fall together and are written once.
    expect(smartQuotes("АО «НК «КазАвтоЖол» на реконструкцию", ru)).toBe("АО «НК «КазАвтоЖол» на реконструкцию");
    expect(smartQuotes('Заемщик — АО "НК "КазАвтоЖол".', ru)).toBe("Заемщик — АО «НК «КазАвтоЖол».");
    // The same in a Markdown paragraph, whose marks are judged over the whole paragraph.
    expect(createMarkdown(PROFILES.get("ru")).renderInline("АО «НК *«КазАвтоЖол»* выделило")).toBe(
      "АО «НК <em>«КазАвтоЖол»</em> выделило",
    );
    // Balanced marks are still nested.
    expect(smartQuotes("««ҚазАвтоЖол» Ұлттық компаниясы» АҚ", kk)).toBe("«„ҚазАвтоЖол“ Ұлттық компаниясы» АҚ");
    expect(createMarkdown(PROFILES.get("ru")).renderInline("«Партия *«Нур Отан»* победила»")).toBe(
      "«Партия <em>„Нур Отан“</em> победила»",
    );
  });

  it("smartQuotes reads English marks typed in Russian and Kazakh text as quotes (“ opens there, not closes)", () => {
    // Seen in a link title: «People’s Trust…: »Conservation triumph”» before this rule.
    expect(smartQuotes("PTES: “Conservation triumph”, saiga reclassified", ru)).toBe(
      "PTES: «Conservation triumph», saiga reclassified",
    );
    expect(smartQuotes("ХТҚО “Қызыл кітабы” туралы", kk)).toBe("ХТҚО «Қызыл кітабы» туралы");
    expect(smartQuotes("«Партия “Нур Отан” победила»", ru)).toBe("«Партия „Нур Отан“ победила»");
    // ru/kk's own nested pair is unchanged: “ after a word closes.
    expect(smartQuotes("«Ол „Нұр Отан“ партиясы»", kk)).toBe("«Ол „Нұр Отан“ партиясы»");
  });

  it("apostrophes are curly in every field, English single quotes too", () => {
    expect(smartQuotes("O'Brien's 'Nur Otan' in the '90s", en)).toBe("O’Brien’s ‘Nur Otan’ in the ‘90s");
    expect(smartQuotes("the Smiths' house", en)).toBe("the Smiths’ house");
    expect(smartQuotes("Д'Артаньян", ru)).toBe("Д’Артаньян");
  });

  it("ellipsis: three dots become one character", () => {
    expect(ellipsis("Wait...")).toBe("Wait…");
    expect(ellipsis("Күте тұрыңыз...")).toBe("Күте тұрыңыз…");
    expect(ellipsis("Подождите... нет")).toBe("Подождите… нет");
  });

  it("a ligature typed as one character becomes its letters, in plain strings and in Markdown, not in URLs or code", () => {
    expect(typeset("\ufb01nancial o\ufb00ers, the \ufb03ce", en)).toBe("financial offers, the ffice");
    expect(typeset("o\ufb03cial \ufb02oor, \ufb04uent, \ufb05 \ufb06", en)).toBe("official floor, ffluent, st st");
    expect(typeset("https://example.org/\ufb01le", en)).toBe("https://example.org/\ufb01le");
    expect(markdownHtml(en, "The \ufb01rst *o\ufb00er* and `\ufb01`", true)).toBe(
      "The first <em>offer</em> and <code>\ufb01</code>",
    );
    // Idempotent, and text without them is the same string.
    const plain = "Полиция көшеге шықты";
    expect(typeset(typeset("\ufb01rst", en), en)).toBe("first");
    expect(typeset(plain, kk)).toBe(plain);
  });

  it("German, Swedish and Czech set a spaced en dash between words, a no-break space before it; French and Ukrainian a spaced em dash", () => {
    const profiles = resolveLocales({ locales: ["en", "de", "sv", "cs", "fr", "uk"] });
    const de = profiles.get("de")!;
    expect(de.typography.dash).toBe("spaced-en");
    expect(typeset("Berlin -- die Hauptstadt", de)).toBe(`Berlin${NBSP}\u2013 die Hauptstadt`);
    expect(typeset("Berlin - die Hauptstadt", de)).toBe(`Berlin${NBSP}\u2013 die Hauptstadt`);
    expect(typeset(typeset("Berlin -- die Hauptstadt", de), de)).toBe(`Berlin${NBSP}\u2013 die Hauptstadt`);
    expect(typeset("1990 - 2000", de)).toBe("1990\u20132000");
    expect(typeset("Stockholm -- huvudstaden", profiles.get("sv")!)).toBe(`Stockholm${NBSP}\u2013 huvudstaden`);
    expect(typeset("Praha -- hlavní město", profiles.get("cs")!)).toBe(`Praha${NBSP}\u2013 hlavní město`);
    expect(typeset("Paris -- la capitale", profiles.get("fr")!)).toBe(`Paris${NBSP}\u2014 la capitale`);
    expect(typeset("Київ -- столиця", profiles.get("uk")!)).toBe(`Київ${NBSP}\u2014 столиця`);
    // A project's setting wins over the derived default.
    const em = resolveLocales({ locales: ["en", "de"], settings: { de: { dash: "spaced" } } }).get("de")!;
    expect(typeset("Berlin -- die Hauptstadt", em)).toBe(`Berlin${NBSP}\u2014 die Hauptstadt`);
  });

  it("dashes: --, --- and a spaced hyphen become the locale's dash; between numbers an en dash", () => {
    expect(typeset("Алматы -- крупнейший город", ru)).toBe(`Алматы${NBSP}— крупнейший город`);
    expect(typeset("Алматы --- крупнейший город", ru)).toBe(`Алматы${NBSP}— крупнейший город`);
    expect(typeset("Алматы - ең үлкен қала", kk)).toBe(`Алматы${NBSP}— ең үлкен қала`);
    expect(typeset("Алматы--ең үлкен қала", kk)).toBe(`Алматы${NBSP}— ең үлкен қала`);
    // English house style: a closed em dash.
    expect(typeset("Almaty -- the largest city", en)).toBe("Almaty—the largest city");
    expect(typeset("Almaty - the largest city", en)).toBe("Almaty—the largest city");
    expect(typeset("5--15 days", en)).toBe(`5–15${NBSP}days`);
    expect(typeset("от 5 - 15 суток", ru)).toBe(`от${NBSP}5–15${NBSP}суток`);
    // A typed dash keeps its kind and gets the no-break space before it.
    expect(typeset("Алматы — крупнейший город", ru)).toBe(`Алматы${NBSP}— крупнейший город`);
    // Hyphenated words, closed number hyphens and URLs are not dashes.
    expect(typeset("Qasym-Zhomart, 2019–2020, ext. 12-34", en)).toBe("Qasym-Zhomart, 2019–2020, ext. 12-34");
    expect(typeset("see https://example.com/a--b - now", en)).toBe("see https://example.com/a--b—now");
    // Addresses in capitals and e-mail addresses are left as written too; text beside them is set.
    expect(typeset("HTTPS://EXAMPLE.KZ/A--B, 5 - 7 дней", ru)).toBe(`HTTPS://EXAMPLE.KZ/A--B, 5–7${NBSP}дней`);
    expect(typeset("WWW.AKORDA.KZ/x--y, 5 - 7 дней", ru)).toBe(`WWW.AKORDA.KZ/x--y, 5–7${NBSP}дней`);
    expect(typeset("MAILTO:a--b, 5 - 7 дней", ru)).toBe(`MAILTO:a--b, 5–7${NBSP}дней`);
    expect(typeset('press--office@gov.kz, "да"', ru)).toBe("press--office@gov.kz, «да»");
  });

  it("no-break spaces: a number and its word, day and month, year and г./ж., №, initials", () => {
    expect(typeset("более 100 человек", ru)).toBe(`более 100${NBSP}человек`);
    expect(typeset("тағы 10 адам", kk)).toBe(`тағы 10${NBSP}адам`);
    expect(typeset("20 февраля 2020 г.", ru)).toBe(`20${NBSP}февраля 2020${NBSP}г.`);
    expect(typeset("2020 ж. 22 ақпан", kk)).toBe(`2020${NBSP}ж. 22${NBSP}ақпан`);
    expect(typeset("on February 22, 2020, 12 people", en)).toBe(`on February${NBSP}22, 2020, 12${NBSP}people`);
    expect(typeset("Указ № 5", ru)).toBe(`Указ №${NBSP}5`);
    expect(typeset("А. Б. Иванов", ru)).toBe(`А.${NBSP}Б.${NBSP}Иванов`);
    expect(typeset("J. Smith", en)).toBe(`J.${NBSP}Smith`);
    expect(typeset("12 %", ru)).toBe(`12${NBSP}%`);
    expect(typeset("10 000 человек", ru)).toBe(`10${NBSP}000${NBSP}человек`);
  });

  it("no-break spaces after Russian one-letter words, in any case", () => {
    expect(typeset("в митингах и в Алматы, а также к ним", ru)).toBe(
      `в${NBSP}митингах и${NBSP}в${NBSP}Алматы, а${NBSP}также к${NBSP}ним`,
    );
    expect(typeset("В Алматы. О нем. С ним. У них. Я знаю", ru)).toBe(
      `В${NBSP}Алматы. О${NBSP}нем. С${NBSP}ним. У${NBSP}них. Я${NBSP}знаю`,
    );
    // Not inside words, nor after a hyphen; not in Kazakh or English.
    expect(typeset("кто-то в", ru)).toBe("кто-то в");
    expect(typeset("a dog", en)).toBe("a dog");
  });

  it("no-break spaces after Russian two-letter prepositions, conjunctions and particles, in any case", () => {
    expect(typeset("участвовали во всех митингах, но не по своей воле", ru)).toBe(
      `участвовали во${NBSP}всех митингах, но${NBSP}не${NBSP}по${NBSP}своей воле`,
    );
    expect(typeset("На площади, из Алматы от имени до суда за них об этом со всеми ко мне да и ни один", ru)).toBe(
      `На${NBSP}площади, из${NBSP}Алматы от${NBSP}имени до${NBSP}суда за${NBSP}них об${NBSP}этом ` +
        `со${NBSP}всеми ко${NBSP}мне да${NBSP}и${NBSP}ни${NBSP}один`,
    );
    // Only those words: not the end of a longer one («она», «сено»), not after a hyphen («кто-то на»
    // binds «на» but «по-русски» is one word), not other two-letter words («ещё» no, «ООН», «он»).
    expect(typeset("она сено он ушёл ООН решила", ru)).toBe("она сено он ушёл ООН решила");
    expect(typeset("по-русски", ru)).toBe("по-русски");
    // Not in Kazakh («Ол да келді»: да is a particle after its word) or English.
    expect(typeset("Ол да келді", kk)).toBe("Ол да келді");
    expect(typeset("do no harm", en)).toBe("do no harm");
  });

  it("a no-break hyphen between digits and a suffix in Kazakh and Russian", () => {
    expect(typeset("100-ден астам адам", kk)).toBe(`100${NBH}ден астам адам`);
    expect(typeset("1-бет", kk)).toBe(`1${NBH}бет`);
    expect(typeset("12%-ға өсті", kk)).toBe(`12%${NBH}ға өсті`);
    expect(typeset("в 1990-х", ru)).toBe(`в${NBSP}1990${NBH}х`);
    expect(typeset("COVID-19 in the 1990-s", en)).toBe(`COVID-19${NBSP}in the 1990-s`);
  });

  it("a percent sign spaced as the locale's number format writes it: kk solid, ru after a no-break space", () => {
    expect(typeset("индикаторы 118,6 %-ға жетті", kk)).toBe(`индикаторы 118,6%${NBH}ға жетті`);
    expect(typeset("87,15%-ы", kk)).toBe(`87,15%${NBH}ы`);
    expect(typeset("составил 118,6%", ru)).toBe(`составил 118,6${NBSP}%`);
    expect(typeset("явка — 73,12 %", ru)).toBe(`явка${NBSP}— 73,12${NBSP}%`);
    expect(typeset("rose 7.2 %", en)).toBe("rose 7.2%");
  });

  it("Kazakh: a no-break hyphen between an abbreviation and its case suffix, not in a compound", () => {
    expect(typeset("ҚДТ-ның жақтастары", kk)).toBe(`ҚДТ${NBH}ның жақтастары`);
    expect(typeset("«ҚазАвтоЖол» АҚ-қа", kk)).toBe(`«ҚазАвтоЖол» АҚ${NBH}қа`);
    expect(typeset("5 км-ден астам", kk)).toBe(`5${NBSP}км${NBH}ден астам`);
    expect(typeset("АДБ-ның директоры", kk)).toBe(`АДБ${NBH}ның директоры`);
    // A compound or a name keeps its ordinary hyphen, where a line may break.
    expect(typeset("Нұр-Сұлтан, веб-бет, SMS-хабарлама", kk)).toBe("Нұр-Сұлтан, веб-бет, SMS-хабарлама");
    // Russian does not hang case endings on abbreviations: «IT-компания» is a compound.
    expect(typeset("IT-компания", ru)).toBe("IT-компания");
  });

  it("typeset applies them all, and twice is once", () => {
    const cases = [
      [en, `The "rally" - it's no... — yes`, `The “rally”—it’s no…${NBSP}— yes`],
      [
        kk,
        'Митинг "Оян, Қазақстан"... -- иә, 100-ден астам',
        `Митинг «Оян, Қазақстан»…${NBSP}— иә, 100${NBH}ден астам`,
      ],
      [ru, 'Митинг "Оян, Казахстан"... -- да, в 2020 г.', `Митинг «Оян, Казахстан»…${NBSP}— да, в${NBSP}2020${NBSP}г.`],
    ] as const;
    for (const [profile, text, expected] of cases) {
      expect(typeset(text, profile)).toBe(expected);
      expect(typeset(expected, profile)).toBe(expected);
    }
  });

  it("each no-break rule applies wherever its own marks are, with no digit or space elsewhere", () => {
    // The rules are skipped on text without what they need: each case has only that.
    expect(typeset("%-ға", kk)).toBe(`%${NBH}ға`); // a suffix after a percent sign, no digit
    expect(typeset("ҚДТ-ның", kk)).toBe(`ҚДТ${NBH}ның`); // an abbreviation's suffix, no digit, no space
    expect(typeset("№5", ru)).toBe(`№${NBSP}5`); // № and its number, written together or apart
    expect(typeset("№ 5", ru)).toBe(`№${NBSP}5`);
    expect(typeset("А. Б. Иванов", ru)).toBe(`А.${NBSP}Б.${NBSP}Иванов`);
    expect(typeset("Жол —", kk)).toBe(`Жол${NBSP}—`);
    expect(typeset("в Алматы", ru)).toBe(`в${NBSP}Алматы`);
  });

  it("the Markdown typographer takes the same rules", () => {
    expect(createMarkdown(PROFILES.get("kk")).renderInline('Ол "жоқ" деді — иә...')).toBe(`Ол «жоқ» деді${NBSP}— иә…`);
    // markdown-it nests by single quotes, where plain strings nest straight double quotes.
    expect(createMarkdown(PROFILES.get("ru")).renderInline(`"Партия 'Нур Отан'"`)).toBe("«Партия „Нур Отан“»");
    expect(createMarkdown(PROFILES.get("en")).renderInline(`"The 'Nur Otan' party"`)).toBe("“The ‘Nur Otan’ party”");
    // Double quotes inside double quotes, across emphasis.
    expect(createMarkdown(PROFILES.get("ru")).renderInline('"Партия "Нур *Отан*" победила"')).toBe(
      "«Партия „Нур <em>Отан</em>“ победила»",
    );
    expect(createMarkdown(PROFILES.get("ru")).renderInline("Митинг -- в Алматы")).toBe(`Митинг${NBSP}— в${NBSP}Алматы`);
    expect(createMarkdown(PROFILES.get("en")).renderInline("Rallies -- in Almaty")).toBe("Rallies—in Almaty");
  });

  it("Markdown: the no-break rules across emphasis, links and line breaks", () => {
    expect(createMarkdown(PROFILES.get("ru")).renderInline("в **митингах** приняли участие 100\nчеловек")).toBe(
      `в${NBSP}<strong>митингах</strong> приняли участие 100${NBSP}человек`,
    );
    expect(createMarkdown(PROFILES.get("ru")).renderInline("Митинг\n— в Алматы")).toBe(`Митинг${NBSP}— в${NBSP}Алматы`);
  });

  it("Markdown remembered for a second render is each profile's, block or inline", () => {
    const source = '"Нур Отан" -- 2020';
    // The same source under three profiles, then again: each answer is its own profile's.
    for (let round = 0; round < 2; round++) {
      expect(markdownHtml(ru, source, true)).toBe(`«Нур Отан»${NBSP}— 2020`);
      expect(markdownHtml(kk, source, true)).toBe(`«Нур Отан»${NBSP}— 2020`);
      expect(markdownHtml(en, source, true)).toBe("“Нур Отан”—2020");
      expect(markdownHtml(ru, source, false)).toBe(`<p>«Нур Отан»${NBSP}— 2020</p>\n`);
    }
    // A profile object of another build (other settings) never reads this one's entries.
    const other = { ...ru, quotes: { primary: ["\u201e", "\u201c"], nested: ["\u201a", "\u2018"] } } as const;
    expect(markdownHtml(other, source, true)).toBe(`\u201eНур Отан\u201c${NBSP}— 2020`);
  });

  it("Markdown: code spans and URLs are left as written", () => {
    expect(createMarkdown(PROFILES.get("ru")).renderInline('`a -- "b"` и <https://example.com/a--b>')).toBe(
      `<code>a -- &quot;b&quot;</code> и${NBSP}<a href="https://example.com/a--b">https://example.com/a--b</a>`,
    );
    expect(createMarkdown(PROFILES.get("en")).renderInline("see https://example.com/a--b...")).toBe(
      "see https://example.com/a--b...",
    );
  });

  it("Markdown parsers of every profile share one LinkifyIt, which none uses", () => {
    // markdown-it makes one per parser even with linkify off: 330 KB of compiled patterns each.
    const parsers = [createMarkdown(PROFILES.get("kk")), createMarkdown(PROFILES.get("ru")), commonMark({})];
    expect(new Set(parsers.map((md) => md.linkify)).size).toBe(1);
    expect(parsers[0]!.options.linkify).toBe(false);
    // Sharing it changes nothing a parser does: a bare address stays text, a written link is one.
    expect(parsers[1]!.renderInline("https://akorda.kz, [Акорда](https://akorda.kz)")).toBe(
      'https://akorda.kz, <a href="https://akorda.kz">Акорда</a>',
    );
  });
});

/** The bundled article's untypeset view in each locale. */
function bundledViews(): ArticleView[] {
  const diagnostics = new DiagnosticList();
  const locales = DEFAULT_LOCALES;
  const content = validateProject(loadProject(new ProjectFiles(REPO), locales, diagnostics), { locales }, diagnostics);
  const catalog = loadCatalog(
    { localesDir: `${REPO}/locales`, files: new ProjectFiles(REPO), profiles: PROFILES },
    diagnostics,
  );
  const article = content.articles.find((a) => a.id === SEED)!;
  return locales.map((locale) =>
    modelArticle(
      { content, article, text: article.texts[locale]!, tr: createTranslator(catalog, locale, diagnostics) },
      {
        template: "briefing",
        documentKindKey: "document.briefing",
        builtLocales: locales,
        now: Date.now(),
        baseUrl: undefined,
        source: "en",
      },
    ),
  );
}

/** Fields that are not text a reader reads as prose: ids, links, dates for machines, Markdown. */
// A media duration also carries `clock` at run time, outside MediaView's type (its `text` is the same).
const NOT_TEXT = new Set([
  "id",
  "locale",
  "language",
  "dir",
  "template",
  "iso",
  "src",
  "href",
  "url",
  "email",
  "phone",
  "clock",
]);
const NOT_TEXT_TOP = new Set(["lede", "body", "indexHref", "xDefault", "canonical"]);

/** Every string field of a view that typesetView must set, each passed through `f`. */
function mapText(value: unknown, f: (s: string) => string, key = "", top = true): unknown {
  if (typeof value === "string") return NOT_TEXT.has(key) || (top && NOT_TEXT_TOP.has(key)) ? value : f(value);
  if (Array.isArray(value)) return value.map((v) => mapText(v, f, key, false));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, mapText(v, f, k, top && typeof v !== "object")]),
    );
  return value;
}

describe("typesetView", () => {
  const views = bundledViews();

  it("sets every text field of a view, and nothing else", () => {
    for (const view of views) {
      const marked = mapText(view, (s) => `${s} "q"`) as ArticleView;
      const set = typesetView(marked, PROFILES.get(view.locale));
      const [open, close] = PROFILES.get(view.locale).quotes.primary;
      const seen: string[] = [];
      mapText(set, (s) => (seen.push(s), s));
      // The space before the mark may become a no-break one (after «с» in «24 с»).
      for (const s of seen) expect(/[ \u00a0]/.test(s.at(-4) ?? "") && s.endsWith(`${open}q${close}`), s).toBe(true);
      expect(seen.length).toBeGreaterThan(40);
      // Markdown and links are the view's own.
      expect(set.body).toBe(view.body);
      expect(set.lede).toBe(view.lede);
      expect(set.alternates.map((a) => a.href)).toEqual(view.alternates.map((a) => a.href));
    }
  });

  it("is idempotent on the bundled article's views: text typeset twice is text typeset once", () => {
    for (const view of views) {
      const once = typesetView(view, PROFILES.get(view.locale));
      expect(typesetView(once, PROFILES.get(view.locale))).toEqual(once);
    }
  });

  it("sets catalog strings: a straight quote in one comes out as the locale's", () => {
    const root = projectCopy();
    edit(root, "locales/kk/common.json", '"briefing": "Брифинг"', '"briefing": "\\"Брифинг\\""');
    edit(root, "locales/ru/common.json", '"briefing": "Брифинг"', '"briefing": "\\"Брифинг\\""');
    const result = build({ root, formats: ["html"], templates: ["briefing"] });
    for (const locale of ["kk", "ru"]) {
      const html = result.outputs.find((o) => o.locale === locale && o.article === SEED)!.contents.toString();
      expect(html).toContain("«Брифинг»");
      expect(html).not.toContain("&quot;Брифинг");
    }
  });
});

describe("roles and credits", () => {
  it("a role after a name starts in lower case, unless it begins with a proper noun or an abbreviation", () => {
    expect(roleAfterName("Оппозиционная активистка", "ru", false)).toBe("оппозиционная активистка");
    expect(roleAfterName("Оппозициялық белсенді", "kk", false)).toBe("оппозициялық белсенді");
    expect(roleAfterName("President of Kazakhstan", "en", false)).toBe("president of Kazakhstan");
    expect(roleAfterName("Қазақстан Президенті", "kk", true)).toBe("Қазақстан Президенті");
    expect(roleAfterName("АҚШ мемлекеттік хатшысы", "kk", false)).toBe("АҚШ мемлекеттік хатшысы");
    expect(roleAfterName("U.S. Secretary of State", "en", false)).toBe("U.S. Secretary of State");
    expect(roleAfterName("«Нұр Отан» партиясының төрағасы", "kk", false)).toBe("«Нұр Отан» партиясының төрағасы");
  });

  it("the built pages print glossary roles in lower case after the name, proper nouns kept", () => {
    const result = build({ root: REPO, formats: ["html"], templates: ["briefing"], locales: ["kk", "ru"] });
    const people = (locale: string) => {
      const doc = parseHtml(result.outputs.find((o) => o.locale === locale && o.article === SEED)!.contents);
      return selectAll<AnyNode, Element>("li", doc).map((li) => textContent(li));
    };
    expect(people("ru")).toContain(`Инга Иманбай${NBSP}— оппозиционная активистка, жена Жанболата Мамая`);
    expect(people("ru")).toContain(`Касым-Жомарт Токаев${NBSP}— президент Казахстана`);
    expect(people("kk")).toContain(`Инга Иманбай${NBSP}— оппозициялық белсенді, Жанболат Мамайдың жұбайы`);
    expect(people("kk")).toContain(`Қасым-Жомарт Тоқаев${NBSP}— Қазақстан Президенті`);
  });

  it("an English job title in title case is kept as written: lowering its first word alone mixes cases", () => {
    // The OSCE PA's media advisory of 17 March 2023 (oscepa.org) signs its contact "Anzhelika
    // Ivanishcheva, Media Support Officer"; the page printed "media Support Officer".
    expect(roleAfterName("Media Support Officer", "en", false)).toBe("Media Support Officer");
    expect(roleAfterName("Deputy Prosecutor-General of Kazakhstan", "en", false)).toBe(
      "Deputy Prosecutor-General of Kazakhstan",
    );
    expect(roleAfterName("Head of the Press Office", "en", false)).toBe("head of the Press Office");
    expect(roleAfterName("Former Kazakh ambassador", "en", false)).toBe("former Kazakh ambassador");
    // Title case is an English convention: Russian and Kazakh roles still start in lower case.
    expect(roleAfterName("Президент Республики Казахстан", "ru", false)).toBe("президент Республики Казахстан");
    expect(roleAfterName("Бас Прокурор", "kk", false)).toBe("бас Прокурор");
    const root = seedCopy();
    edit(
      root,
      "data/glossary.yaml",
      'role: "deputy prosecutor-general of Kazakhstan"',
      'role: "Deputy Prosecutor-General of Kazakhstan"',
    );
    const result = build({ root, formats: ["html"], templates: ["briefing"], locales: ["en"] });
    const doc = parseHtml(result.outputs.find((o) => o.locale === "en" && o.article === SEED)!.contents);
    const people = selectAll<AnyNode, Element>("li", doc).map((li) => textContent(li));
    expect(people).toContain(`Bolat Dembaev${NBSP}— Deputy Prosecutor-General of Kazakhstan`);
  });

  it("credits: singular for one name, plural for more, in each language", () => {
    const root = projectCopy();
    const credits = (people: string[]) =>
      people.map((p) => `  - role: writing\n    person: ${p}\n`).join("") +
      "  - role: reporting\n    organization: afp\n";
    const creditLines = (people: string[]) => {
      edit(
        root,
        `data/articles/${SEED}/article.yaml`,
        /^credits:\n(?: {2}- .*\n(?: {4}.*\n)*)+/m,
        `credits:\n${credits(people)}`,
      );
      const result = build({ root, formats: ["html"], templates: ["briefing"] });
      return Object.fromEntries(
        ["en", "kk", "ru"].map((l) => {
          const doc = parseHtml(result.outputs.find((o) => o.locale === l && o.article === SEED)!.contents);
          // Credits come in a fixed order: reporting, then writing.
          return [l, selectAll<AnyNode, Element>(".credits em", doc).map((e) => textContent(e))[1]];
        }),
      );
    };
    expect(creditLines(["mike-pompeo"])).toEqual({
      en: "Written by Mike Pompeo",
      kk: "Авторы: Майк Помпео",
      ru: "Автор: Майк Помпео",
    });
    expect(creditLines(["mike-pompeo", "inga-imanbai"])).toEqual({
      en: "Written by Mike Pompeo and Inga Imanbai",
      kk: "Авторлары: Майк Помпео және Инга Иманбай",
      ru: "Авторы: Майк Помпео и\u00a0Инга Иманбай",
    });
  });

  it("photo credits: kk «Фото:», as its photo captions and as ru, not «Фотосуреттер:»", () => {
    const root = projectCopy();
    edit(
      root,
      `data/articles/${SEED}/article.yaml`,
      /^credits:\n(?: {2}- .*\n(?: {4}.*\n)*)+/m,
      "credits:\n  - role: photos\n    organization: afp\n",
    );
    const result = build({ root, formats: ["html"], templates: ["briefing"] });
    const line = (l: string) => {
      const doc = parseHtml(result.outputs.find((o) => o.locale === l && o.article === SEED)!.contents);
      return selectAll<AnyNode, Element>(".credits em", doc).map((e) => textContent(e));
    };
    expect(line("kk")).toEqual(["Фото: AFP"]);
    expect(line("ru")).toEqual(["Фото: AFP"]);
    expect(line("en")).toEqual(["Photos by AFP"]);
  });

  it("check warns when a role has two dashes: even after the name and a comma, its line has two", () => {
    const root = projectCopy();
    edit(
      root,
      "data/glossary.yaml",
      'role: "правящая партия"',
      'role: "правящая партия -- с 1999 года -- в парламенте"',
    );
    const d = build({ root, formats: ["html"], templates: ["briefing"] }).diagnostics.filter(
      (x) => x.code === "typography/double-dash",
    );
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({
      severity: "warning",
      file: "data/glossary.yaml",
      locale: "ru",
      pointer: "/organizations/nur-otan/ru/role",
      article: SEED,
    });
    expect(d[0]!.line).toBeGreaterThan(0);
  });

  it("a range of years in a role is no dash between its words: no warning, printed after a dash", () => {
    // «депутат Мажилиса в 2004–2007 и 2012–2016 годах» has two en dashes, both ranges: its line
    // has one dash, the list's. It was warned (typography/double-dash) and set after a comma.
    const root = projectCopy();
    edit(
      root,
      "data/glossary.yaml",
      'role: "правящая партия"',
      'role: "правящая партия в 1999–2006 и 2006–2022 годах"',
    );
    const result = build({ root, formats: ["html"], templates: ["briefing"], locales: ["ru"] });
    expect(result.diagnostics.filter((x) => x.code === "typography/double-dash")).toEqual([]);
    const listed = selectAll<AnyNode, Element>(
      "li",
      parseHtml(result.outputs.find((o) => o.locale === "ru" && o.article === SEED)!.contents),
    ).map((li) => textContent(li));
    expect(listed).toContain(
      `«Нур Отан»${NBSP}— правящая партия в${NBSP}1999–2006${NBSP}и${NBSP}2006–2022${NBSP}годах`,
    );
  });

  it("check warns when a role begins or ends with a dash: the list puts its own dash (or a comma) before the role", () => {
    // «— министр» is no title of two posts: its dash is not between two of its words. Printed
    // after the comma it read «Болат Дембаев, — министр», and nothing warned.
    const root = projectCopy();
    edit(root, "data/glossary.yaml", 'role: "правящая партия"', 'role: "— правящая партия"');
    edit(
      root,
      "data/glossary.yaml",
      'role: "deputy prosecutor-general of Kazakhstan"',
      'role: "deputy prosecutor-general –"',
    );
    const result = build({ root, formats: ["html"], templates: ["briefing"] });
    const d = result.diagnostics.filter((x) => x.code === "typography/double-dash");
    expect(d.map((x) => [x.pointer, x.locale])).toEqual([
      ["/people/bolat-dembaev/en/role", "en"],
      ["/organizations/nur-otan/ru/role", "ru"],
    ]);
    for (const x of d) expect(x.line).toBeGreaterThan(0);
    const listed = (locale: string) =>
      selectAll<AnyNode, Element>(
        "section.people li, section.organizations li",
        parseHtml(result.outputs.find((o) => o.locale === locale && o.article === SEED)!.contents),
      ).map((li) => textContent(li));
    expect(listed("ru").filter((li) => /,\s*[—–]/u.test(li))).toEqual([]);
    expect(listed("en").filter((li) => /,\s*[—–]/u.test(li))).toEqual([]);
  });
});

// An official title of two posts has a dash by law: the Government's press service writes
// «Заместитель Премьер-Министра – министр национальной экономики Серик Жумангарин» (the title
// before the name), and a title after a name follows it as an apposition, after a comma
// («Серик Жумангарин, заместитель Премьер-Министра — министр …»), never after a second dash.
describe("an official title with its own dash (a title of two posts)", () => {
  const root = projectCopy();
  // The bundled project's settings (its baseUrl), so `check --strict` has nothing else to report.
  cpSync(join(REPO, "tilpress.config.json"), join(root, "tilpress.config.json"));
  const roles = {
    en: "Deputy Prime Minister — Minister of National Economy",
    kk: "Премьер-Министрдің орынбасары — Ұлттық экономика министрі",
    ru: "заместитель Премьер-Министра Республики Казахстан — министр национальной экономики",
  } as const;
  for (const [locale, role] of Object.entries(roles))
    edit(
      root,
      "data/glossary.yaml",
      new RegExp(`(bolat-dembaev:[\\s\\S]*?${locale}: \\{ name: [^,]+, role: )"[^"]+"`),
      `$1"${role}"`,
    );
  const out = join(root, "dist");
  const run = runCli(["build", "--root", root, "--out", out, "--strict", "--template", "briefing", "--no-cache"]);
  const people = (locale: string) =>
    selectAll<AnyNode, Element>(
      "section.people li",
      parseHtml(readFileSync(join(out, locale, SEED, "briefing.html"))),
    ).map((li) => textContent(li));

  it("is printed after the name and a comma in the people list, its own dash kept", () => {
    expect(run.code, run.stderr).toBe(0);
    expect(people("ru")).toContain(
      `Болат Дембаев, заместитель Премьер-Министра Республики Казахстан${NBSP}— министр национальной экономики`,
    );
    expect(people("kk")).toContain(`Болат Дембаев, Премьер-Министрдің орынбасары${NBSP}— Ұлттық экономика министрі`);
    expect(people("en")).toContain(`Bolat Dembaev, Deputy Prime Minister${NBSP}— Minister of National Economy`);
    // A role without a dash of its own still follows a dash.
    expect(people("ru")).toContain(`Майк Помпео${NBSP}— государственный секретарь США`);
  });

  it("is printed so in the PDF too", () => {
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", join(out, "ru", SEED, "briefing.pdf"), "-"], {
      encoding: "utf8",
    }).replace(/\s+/g, " ");
    expect(text).toContain("Болат Дембаев, заместитель Премьер-Министра Республики Казахстан — министр");
    expect(text).not.toContain("Болат Дембаев — заместитель");
  });

  it("passes check --strict: no double-dash warning for one dash", () => {
    const check = runCli(["check", "--root", root, "--strict", "--reporter", "json", "--no-cache"]);
    expect(check.code, check.stdout).toBe(0);
    const codes = (JSON.parse(check.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
    expect(codes).not.toContain("typography/double-dash");
  });
});

describe("ligatures typed as characters (text copied from a PDF)", () => {
  it("are letters on the page and in the PDF, and the words set with the same glyphs read back as written", () => {
    const root = seedCopy();
    const file = `data/articles/${SEED}/en.md`;
    const typed = "the \ufb01rst o\ufb03cial \ufb01nancial o\ufb00ers";
    edit(
      root,
      file,
      "Democratic Choice of Kazakhstan.\n",
      `Democratic Choice of Kazakhstan, ${typed}, then the first official offers.\n`,
    );
    const out = join(root, "dist");
    const run = runCli(["build", "--root", root, "--out", out, "--locale", "en", "--quiet"]);
    expect(run.code, run.stderr).toBe(0);
    const written = "the first official financial offers, then the first official offers.";
    const page = readFileSync(join(out, "en", SEED, "briefing.html"));
    expect(textContent(parseHtml(page)).replace(/\s+/g, " ")).toContain(written);
    const pdf = execFileSync("pdftotext", ["-enc", "UTF-8", join(out, "en", SEED, "briefing.pdf"), "-"], {
      encoding: "utf8",
    });
    expect(pdf.replace(/\s+/g, " ")).toContain(written);
    expect(pdf).not.toMatch(/[\ufb00-\ufb06]/);
  });
});

describe("the bundled project's PDFs and pages keep what belongs together on one line", () => {
  const result = build({ root: REPO, formats: ["html", "pdf"] });
  const dir = mkdtempSync(join(tmpdir(), "tilpress-typeset-"));
  /** Each PDF's lines as pdftotext lays them out. */
  const pdfLines = result.outputs
    .filter((o) => o.format === "pdf")
    .map((o) => {
      const file = join(dir, o.path.replace(/\//g, "_"));
      writeFileSync(file, o.contents);
      const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
      return { path: o.path, locale: o.locale, lines: text.split("\n").map((l) => l.trim()) };
    });

  // en, kk, kk-Latn and ru: the bundled project's tilpress.config.json builds kk-Latn.
  it("builds every PDF", () => expect(pdfLines.map((p) => p.path).sort()).toHaveLength(4 * bundledPages().length));

  /** The page's text as the HTML has it, no-break spaces read as spaces: what one line of text may hold. */
  const htmlText = (path: string) =>
    textContent(parseHtml(result.outputs.find((o) => o.path === path.replace(/\.pdf$/, ".html"))!.contents)).replace(
      /\u00a0/g,
      " ",
    );

  it("no line ends with a number whose word (in the same sentence) starts the next line", () => {
    let checked = 0;
    for (const { path, lines } of pdfLines) {
      const html = htmlText(path);
      lines.forEach((line, i) => {
        // A number that ends the line (punctuation after it ends the phrase: "in 2025," is fine).
        const number = /(\d(?:[\d,.]*\d)?)$/.exec(line)?.[1];
        const word = /^\p{L}+/u.exec(lines[i + 1] ?? "")?.[0];
        if (!number || !word) return;
        checked++;
        // A break there is wrong when the page's text writes them as one phrase ("100 people").
        expect(html.includes(`${number} ${word}`), `${path}: "${line}" / "${lines[i + 1]}"`).toBe(false);
      });
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("no Russian line ends with a one- or two-letter preposition or conjunction or №, no Kazakh line with digits and a hyphen", () => {
    for (const { path, locale, lines } of pdfLines)
      for (const line of lines) {
        if (locale === "ru") expect(line, path).not.toMatch(/(^|\s)([авиксуяо]|№)$/iu);
        if (locale === "ru") expect(line, path).not.toMatch(/(^|\s)(во|на|не|ни|по|из|от|до|за|об|со|ко|но|да)$/iu);
        expect(line, path).not.toMatch(/\d[-\u2011]$/);
      }
  });

  it("headlines carry the no-break spaces in the HTML", () => {
    const h1 = (locale: string) =>
      textContent(
        selectAll<AnyNode, Element>(
          "h1",
          parseHtml(result.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.html`)!.contents),
        )[0]!,
      );
    expect(h1("en")).toContain("More Than 100\u00a0Detained");
    expect(h1("ru")).toContain("более 100\u00a0человек");
    expect(h1("kk")).toContain("100\u2011ден астам");
  });
});

describe("plain characters, for text another program sets (link cards, an email's text part)", () => {
  it("keeps quotes, dashes and no-break spaces; drops soft hyphens and invisible hints; makes U+2011 a hyphen", () => {
    expect(plainCharacters("жа\u00adуап\u00adкер\u00adші\u00adлік\u200b 100\u2011ден\u2060 астам\ufeff")).toBe(
      "жауапкершілік 100-ден астам",
    );
    expect(plainCharacters("«Нур\u2011Султан» —\u00a022\u00a0февраля")).toBe("«Нур-Султан» —\u00a022\u00a0февраля");
    expect(plainCharacters("ҚДТ\u2011ның\n12%\u2011ға")).toBe("ҚДТ-ның\n12%-ға");
  });
});
