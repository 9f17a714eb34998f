import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getAttributeValue, textContent } from "domutils";
import { selectAll as cssSelectAll, selectOne as cssSelectOne } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { build, buildNewsletterIssues, resolveConfig } from "../src/index.js";
import { DiagnosticList } from "../src/core/diagnostic.js";
import { createFontStack } from "../src/fonts/fontStack.js";
import { derivedLetters } from "../src/locale/derivedScript.js";
import { smartQuotes } from "../src/typography/rules.js";
import { checkLocaleCoverage } from "../src/pdf/localeCoverage.js";
import { derivedProfile, isKnownLanguage, resolveLocales } from "../src/locale/index.js";
import { cldrLocaleData } from "../src/locale/cldr.js";
import { cldrLocaleData as fromPackages, DATA_FILE, serialize } from "../scripts/cldr-locale-data.js";
import { edit, parseHtml, REPO, runCli, seedCopy, SEED, SEED_DIR } from "./helpers.js";

const selectOne = (selector: string, root: AnyNode) => cssSelectOne<AnyNode, Element>(selector, root);
const selectAll = (selector: string, root: AnyNode) => cssSelectAll<AnyNode, Element>(selector, root);

const GERMAN = join(REPO, "tests/fixtures/german");
const STORY = "astana-book-fair-2024-09-12";

/**
 * The bundled seed project with German added as a fourth locale the way docs/languages.md says:
 * a catalog folder, `de` names for the glossary entries and the outlet the story uses, a
 * newsletter text, an article with `de.md`, and a line in tilpress.config.json. No code.
 */
function germanProject(config: Record<string, unknown> = {}): string {
  const root = seedCopy();
  cpSync(join(GERMAN, "locales/de"), join(root, "locales/de"), { recursive: true });
  cpSync(join(GERMAN, "articles", STORY), join(root, "data/articles", STORY), { recursive: true });
  edit(
    root,
    "data/glossary.yaml",
    "    ru: { name: Астана }\n",
    "    ru: { name: Астана }\n    de: { name: Astana }\n",
  );
  edit(
    root,
    "data/glossary.yaml",
    '    ru: { name: Касым-Жомарт Токаев, role: "президент Казахстана" }\n',
    '    ru: { name: Касым-Жомарт Токаев, role: "президент Казахстана" }\n' +
      '    de: { name: Qassym-Schomart Tokajew, role: "Präsident Kasachstans" }\n',
  );
  edit(
    root,
    "data/outlets.yaml",
    "    contact: Пресс-служба Радио Свободная Европа / Радио Свобода\n",
    "    contact: Пресс-служба Радио Свободная Европа / Радио Свобода\n" +
      "  de:\n" +
      "    name: Radio Asattyk\n" +
      "    about: >-\n" +
      "      Radio Asattyk ist der kasachische Dienst von Radio Free Europe / Radio Liberty. Er berichtet\n" +
      "      auf Kasachisch und Russisch über Themen, die für Kasachstan wichtig sind.\n" +
      "    contact: Pressestelle von Radio Free Europe / Radio Liberty\n",
  );
  // A newsletter issue of the German story alone (an issue is built in the locales all its stories have).
  const weekly = readFileSync(join(root, "data/newsletters/weekly-2020-02-23.yaml"), "utf8");
  writeFileSync(
    join(root, "data/newsletters/books-2024-09-13.yaml"),
    weekly.slice(0, weekly.indexOf("\nen:")).replace("weekly-2020-02-23", "books-2024-09-13").replace(SEED, STORY) +
      "\nen:\n" +
      '  subject: "Kazakhstan briefing: Astana book fair opens"\n' +
      "  preheader: New translations of world literature into Kazakh.\n" +
      '  intro: >-\n    This week: the book fair in Astana and its "guest of honour".\n' +
      "\nde:\n" +
      '  subject: "Kasachstan-Briefing: Buchmesse in Astana eröffnet"\n' +
      "  preheader: Neue Übersetzungen der Weltliteratur ins Kasachische.\n" +
      '  intro: >-\n    Diese Woche: die Buchmesse in Astana und ihr "Ehrengast".\n',
  );
  writeFileSync(
    join(root, "tilpress.config.json"),
    // German writes megabytes as English does ("12 MB"): the catalog check is told so.
    JSON.stringify({ locales: ["en", "kk", "ru", "de"], identicalAllowed: ["site.megabytes"], ...config }, null, 2),
  );
  return root;
}

describe("locale profiles from the config, CLDR and Intl", () => {
  it("a quote's language is known when Intl names it; tilpress's own locales are answered without asking ICU", () => {
    const names = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" });
    for (const tag of ["en", "kk", "ru", "kk-Latn", "de", "en-GB", "uz-Cyrl", "kz", "rus", "xx", "ru-XX"])
      expect([tag, isKnownLanguage(tag)]).toEqual([tag, names.of(tag) !== undefined]);
    expect(["kz", "xx"].map(isKnownLanguage)).toEqual([false, false]);
    expect(["kk", "ru", "en", "kk-Latn", "de"].map(isKnownLanguage)).toEqual([true, true, true, true, true]);
    // A cold check of the bundled project (quotes in kk, ru and en) makes no DisplayNames (12 ms of ICU data).
    const root = seedCopy();
    expect(readFileSync(join(root, "data/articles", SEED, "kk.md"), "utf8")).toContain("language: ru");
    const run = spawnSync(
      process.execPath,
      [
        "-r",
        join(REPO, "bench/intl-constructions.cjs"),
        join(REPO, "bin/tilpress.js"),
        "check",
        "--no-cache",
        "--quiet",
      ],
      { cwd: root, encoding: "utf8" },
    );
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/Intl constructions/);
    expect(run.stderr).toMatch(/\| NumberFormat "kk" \|/);
    expect(run.stderr).not.toMatch(/DisplayNames/);
  });

  it("cldr/locale-data.json is what the installed CLDR packages give (node scripts/cldr-locale-data.js)", () => {
    expect(readFileSync(DATA_FILE, "utf8")).toBe(serialize(fromPackages()));
  });

  it("a locale tilpress ships no profile for gets its name, quotes, grouping and date order from CLDR and Intl", () => {
    const de = derivedProfile("de");
    expect(de.name).toBe("Deutsch");
    expect(de.quotes).toEqual({ primary: ["„", "“"], nested: ["‚", "‘"] });
    expect(de.direction).toBe("ltr");
    expect(de.grouping).toBe("auto");
    expect(de.typography.monthBeforeDay).toBe(false);
    // Polish writes 1000 solid (CLDR minimumGroupingDigits 2); French names itself in lower case.
    expect(derivedProfile("pl").grouping).toBe("min2");
    expect(derivedProfile("fr").name).toBe("Français");
    expect(derivedProfile("fr").quotes.primary).toEqual(["«", "»"]);
    expect(derivedProfile("ar").direction).toBe("rtl");
    // A regional locale inherits what it does not set from its language (de-AT → de).
    expect(cldrLocaleData("de-AT").letters).toContain("ß");
  });

  it("the built-in profiles stay the defaults for en, kk and ru; settings override any field given", () => {
    const profiles = resolveLocales({
      locales: ["en", "kk", "ru", "de"],
      source: "ru",
      settings: {
        kk: { name: "Қазақ тілі" },
        de: { dash: "closed", quotes: { primary: ["»", "«"], nested: ["›", "‹"] } },
      },
    });
    expect(profiles.source).toBe("ru");
    expect(profiles.get("ru").role).toBe("source");
    expect(profiles.get("en").role).toBe("translation");
    expect(profiles.get("kk").name).toBe("Қазақ тілі");
    expect(profiles.get("kk").quotes.primary).toEqual(["«", "»"]);
    expect(profiles.get("kk").numeralSuffix).toBeTypeOf("function");
    expect(profiles.get("de").quotes.primary).toEqual(["»", "«"]);
    expect(profiles.get("de").typography.dash).toBe("closed");
    expect(profiles.get("de").name).toBe("Deutsch");
  });

  it("two library builds in one process with different settings for one locale do not affect each other", () => {
    const plain = germanProject();
    const guillemets = germanProject({
      localeSettings: { de: { name: "Deutsch (Schweiz)", quotes: { primary: ["«", "»"], nested: ["‹", "›"] } } },
    });
    const options = { articles: [STORY], locales: ["de"], formats: ["html"], templates: ["briefing"] };
    const page = (root: string) => {
      const result = build({ root, ...options });
      const html = result.outputs.find((o) => o.path === `de/${STORY}/briefing.html`);
      expect(html, result.diagnostics.map((d) => d.message).join("\n")).toBeDefined();
      return parseHtml(html!.contents);
    };
    const first = page(plain);
    const second = page(guillemets);
    const again = page(plain);
    const lede = (doc: ReturnType<typeof parseHtml>) =>
      selectAll(".story p", doc)
        .map((p) => textContent(p))
        .join(" ");
    expect(lede(first)).toContain("„Eine Nation, die liest, ist eine Nation, die denkt“");
    expect(lede(second)).toContain("«Eine Nation, die liest, ist eine Nation, die denkt»");
    expect(lede(again)).toBe(lede(first));
    const current = (doc: ReturnType<typeof parseHtml>) => textContent(selectOne(".languages [aria-current]", doc)!);
    expect(current(first)).toBe("Deutsch");
    expect(current(second)).toBe("Deutsch (Schweiz)");
    expect(current(again)).toBe("Deutsch");
  }, 120_000);
});

describe("a fourth locale added with no code change", () => {
  it("builds German HTML, PDF and newsletter email, listed with its own name in the index and the switcher", async () => {
    const root = germanProject();
    const result = build({ root, articles: [STORY] });
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    const de = result.outputs.find((o) => o.path === `de/${STORY}/briefing.html`)!;
    const doc = parseHtml(de.contents);
    expect(getAttributeValue(selectOne("html", doc)!, "lang")).toBe("de");
    const text = textContent(doc).replace(/\s+/g, " ");
    expect(text).toContain("Buchmesse in Astana eröffnet mit Übersetzungen ins Kasachische");
    // CLDR's German quotation marks, German plural forms and number format.
    expect(text).toContain("„Eine Nation, die liest, ist eine Nation, die denkt“");
    expect(text).toContain("1 Person");
    expect(text).toContain("mehr als 25.000 Personen");
    expect(text).toContain("4 Tage");
    expect(text).toContain("Qassym-Schomart Tokajew");
    const switcher = selectAll(".languages li", doc).map((li) => textContent(li).trim());
    expect(switcher.slice(0, 3)).toEqual(["English", "Deutsch", "Pressezentrum"]);
    // The page's own PDF, its size in German units, kept with its number.
    expect(switcher[3]).toMatch(/^PDF, \d+\u00a0kB$/);

    const pdf = result.outputs.find((o) => o.path === `de/${STORY}/briefing.pdf`)!;
    const file = join(root, "briefing.pdf");
    writeFileSync(file, pdf.contents);
    const pdfText = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(pdfText).toContain("Buchmesse in Astana eröffnet");
    expect(pdfText).toContain("„Eine Nation, die liest, ist eine Nation, die denkt“");
    expect(pdfText).toMatch(/Seite 1 von \d/);
    rmSync(file);

    // The language picker names each press room in its language; the German room is in German.
    const index = parseHtml(result.outputs.find((o) => o.path === "index.html")!.contents);
    const names = selectAll("main a[lang]", index).map((a) => `${a.attribs["lang"]} ${textContent(a).trim()}`);
    expect(names).toEqual(["en English", "kk Қазақша", "ru Русский", "de Deutsch"]);
    const room = parseHtml(result.outputs.find((o) => o.path === "de/index.html")!.contents);
    expect(textContent(selectOne("h1", room)!).trim()).toBe("Pressezentrum");

    const issues = await buildNewsletterIssues({ root });
    const eml = issues.outputs.find((o) => o.path === "newsletter/books-2024-09-13/de.eml");
    expect(eml, issues.diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n")).toBeDefined();
    const mail = await simpleParser(eml!.contents);
    expect(mail.subject).toBe("Kasachstan-Briefing: Buchmesse in Astana eröffnet");
    expect(mail.text).toContain("Diese Woche: die Buchmesse in Astana und ihr „Ehrengast“.");
    expect(mail.text).toContain("Buchmesse in Astana eröffnet mit Übersetzungen ins Kasachische");
    expect(mail.text).toMatch(/1\sBeitrag in dieser Ausgabe/);
    // The issue whose story has no German text gets no German email, never one filled from English.
    expect(issues.outputs.some((o) => o.path.startsWith("newsletter/weekly-2020-02-23/de."))).toBe(false);
  }, 240_000);

  it("beside kk-Latn (derived from kk), builds every output of both: pages, PDFs, press rooms, emails", async () => {
    const root = germanProject({ locales: ["en", "kk", "kk-Latn", "ru", "de"] });
    const result = build({ root, articles: [SEED, STORY] });
    expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    const paths = result.outputs.map((o) => o.path);
    // The German story has en and de texts; the seed has en, kk and ru, so kk-Latn too.
    for (const path of [
      `de/${STORY}/briefing.html`,
      `de/${STORY}/briefing.pdf`,
      `kk-Latn/${SEED}/briefing.html`,
      `kk-Latn/${SEED}/briefing.pdf`,
      "de/index.html",
      "kk-Latn/index.html",
    ])
      expect(paths, path).toContain(path);
    const page = (path: string) => parseHtml(result.outputs.find((o) => o.path === path)!.contents);
    expect(getAttributeValue(selectOne("html", page(`de/${STORY}/briefing.html`))!, "lang")).toBe("de");
    const latin = page(`kk-Latn/${SEED}/briefing.html`);
    expect(getAttributeValue(selectOne("html", latin)!, "lang")).toBe("kk-Latn");
    expect(textContent(selectOne("h1", latin)!)).not.toMatch(/\p{Script=Cyrillic}/u);
    // Each language's switcher lists the other, each named in its own language.
    const names = selectAll(".languages a[lang]", latin).map((a) => textContent(a).trim());
    expect(names).toEqual(expect.arrayContaining(["English", "Қазақша", "Русский"]));
    const issues = await buildNewsletterIssues({ root });
    const emails = issues.outputs.map((o) => o.path);
    expect(emails).toContain("newsletter/books-2024-09-13/de.eml");
    expect(emails).toContain("newsletter/weekly-2020-02-23/kk-Latn.eml");
  }, 240_000);

  it("a locale without a catalog folder is an error naming the locale and the folder", () => {
    const root = germanProject();
    rmSync(join(root, "locales/de"), { recursive: true });
    const r = runCli(["check", "--root", root, "--article", STORY]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(
      /locales\/de\/\s+error\s+No string catalog for de, one of the project's locales/,
    );
  }, 120_000);

  it("--locale names a configured locale; a new one must be configured", () => {
    const root = germanProject();
    expect(resolveConfig({ root, locales: ["de"] }).selectedLocales).toEqual(["de"]);
    expect(() => resolveConfig({ root: seedCopy(), locales: ["de"] })).toThrow(
      /Unknown locale "de": the project builds en, kk, ru/,
    );
  });
});

describe("any source locale", () => {
  /** The seed project with Russian as its source, every translation reviewed against it. */
  function russianSource(): string {
    const root = seedCopy();
    writeFileSync(join(root, "tilpress.config.json"), JSON.stringify({ source: "ru" }));
    const r = runCli(["review", "--root", root]);
    expect(r.code, r.stderr).toBe(0);
    return root;
  }

  it("review records the hash of ru.md in en.md and kk.md, and leaves ru.md alone", () => {
    const root = seedCopy();
    const before = readFileSync(join(root, SEED_DIR, "ru.md"), "utf8");
    writeFileSync(join(root, "tilpress.config.json"), JSON.stringify({ source: "ru" }));
    const r = runCli(["review", "--root", root]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${SEED_DIR}/en.md`);
    expect(r.stdout).toContain(`${SEED_DIR}/kk.md`);
    expect(readFileSync(join(root, SEED_DIR, "ru.md"), "utf8")).toBe(before);
    const check = runCli(["check", "--root", root, "--article", SEED]);
    expect(check.stdout + check.stderr).not.toContain("translation/stale");
  }, 120_000);

  it("editing ru.md makes en and kk stale; editing en.md does not", () => {
    const root = russianSource();
    edit(root, `${SEED_DIR}/en.md`, "Police had been deployed", "The police had been deployed");
    const quiet = runCli(["check", "--root", root, "--article", SEED, "--reporter", "json"]);
    expect(quiet.stdout).not.toContain("translation/stale");
    edit(
      root,
      `${SEED_DIR}/ru.md`,
      "\nПолиция задержала более 100 человек",
      "\nПолицейские задержали более 100 человек",
    );
    const r = runCli(["check", "--root", root, "--article", SEED, "--reporter", "json"]);
    const stale = (JSON.parse(r.stdout) as { diagnostics: { code: string; locale?: string }[] }).diagnostics
      .filter((d) => d.code === "translation/stale")
      .map((d) => d.locale)
      .sort();
    expect(stale).toEqual(["en", "kk"]);
  }, 120_000);

  it("parity compares with the source: a number changed in en is reported against ru", () => {
    const root = russianSource();
    edit(root, `${SEED_DIR}/en.md`, "another 10 in the western city", "another 12 in the western city");
    const r = runCli(["check", "--root", root, "--article", SEED, "--reporter", "json"]);
    const mismatch = (
      JSON.parse(r.stdout) as { diagnostics: { code: string; locale?: string; message: string }[] }
    ).diagnostics.filter((d) => d.code === "translation/number-mismatch");
    expect(mismatch.map((d) => d.locale)).toContain("en");
    expect(mismatch.find((d) => d.locale === "en")?.message).toMatch(/where the ru body writes 10/);
  }, 120_000);
});

describe("fonts checked for each locale's letters", () => {
  it("a locale whose letters no PDF font has is a warning naming the locale and the code points", () => {
    const diagnostics = new DiagnosticList();
    const fonts = createFontStack();
    fonts.use(resolveConfig({ root: seedCopy() }).fonts);
    checkLocaleCoverage({ locales: ["en", "kk", "ru", "de", "hi"], fonts }, diagnostics);
    expect(diagnostics.items.map((d) => [d.code, d.locale])).toEqual([["pdf/locale-coverage", "hi"]]);
    const [hindi] = diagnostics.items;
    // Devanagari: DejaVu has none of it.
    expect(hindi?.message).toMatch(
      /^No font of the PDF has \d+ of the letters hi is written with: U\+093C "़", U\+0950 "ॐ", .*, …$/,
    );
    expect(hindi?.actual).toContain("U+0915");
    expect(hindi?.hint).toContain('"fonts.fallback"');
  });

  it("kk-Latn is checked for the Latin letters of the 2021 alphabet its pages are written in, not kk's Cyrillic", () => {
    const alphabet = "AÄBDEFGĞHIİJKLMNÑOÖPQRSŞTUŪÜVYZ" + "aäbdefgğhıijklmnñoöpqrsştuūüvyz";
    expect([...(derivedLetters("kk-Latn") ?? "")].sort()).toEqual([...alphabet].sort());
    expect(derivedLetters("kk")).toBeUndefined();
    expect(derivedLetters("de")).toBeUndefined();
  });

  it("check reports it for a configured locale before any page", () => {
    const root = seedCopy();
    writeFileSync(join(root, "tilpress.config.json"), JSON.stringify({ locales: ["en", "kk", "ru", "hi"] }));
    const r = runCli(["check", "--root", root, "--reporter", "json"]);
    const found = (JSON.parse(r.stdout) as { diagnostics: { code: string; locale: string | null }[] }).diagnostics
      .filter((d) => d.code === "pdf/locale-coverage" || d.code === "catalog/missing-locale")
      .map((d) => `${d.code} ${d.locale}`);
    expect(found.sort()).toEqual(["catalog/missing-locale hi", "pdf/locale-coverage hi"]);
  }, 120_000);
});

describe("locale profiles", () => {
  it("are one object per locale choice, so what is compiled per profile is compiled once; other settings, other profiles", () => {
    const choice = { locales: ["en", "kk", "ru"], source: "en" } as const;
    const first = resolveLocales(choice);
    expect(resolveLocales({ locales: ["en", "kk", "ru"], source: "en" })).toBe(first);
    const quoted = resolveLocales({
      ...choice,
      settings: { ru: { quotes: { primary: ["„", "“"], nested: ["‚", "‘"] } } },
    });
    expect(quoted).not.toBe(first);
    expect(quoted.get("ru")).not.toBe(first.get("ru"));
    expect(quoted.get("ru").quotes.primary).toEqual(["„", "“"]);
    expect(first.get("ru").quotes.primary).toEqual(["«", "»"]);
    // A page typeset under each: the Russian quotation marks follow its own profile.
    expect(smartQuotes('"да"', quoted.get("ru"))).toBe("„да“");
    expect(smartQuotes('"да"', first.get("ru"))).toBe("«да»");
  });
});
