import { execFileSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { build } from "../src/index.js";
import { buildNewsletterIssues } from "../src/build/newsletters.js";
import { plainInline } from "../src/newsletter/modelNewsletter.js";
import { createPdfEngine } from "../src/pdf/engine.js";
import { renderPdf } from "../src/pdf/renderPdf.js";
import { hyphenationPoints, insertSoftHyphens, needsSoftHyphens } from "../src/typography/hyphenate.js";
import { kazakhBreaks } from "../src/typography/hyphenateKazakh.js";
import {
  launchChromium,
  nuCheckerErrors,
  parseHtml,
  PROFILES,
  rejoinHyphenated,
  REPO,
  SEED,
  SEED_DIR,
  seedCopy,
} from "./helpers.js";
import { selectAll } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { textContent } from "domutils";

const require = createRequire(import.meta.url);
/** Whether the `hyphen` package's pattern file for a language has been read in this process. */
const patternsLoaded = (id: string) => Object.keys(require.cache).some((f) => f.endsWith(join("patterns", `${id}.js`)));

/** A word with a hyphen at each point where it may break. */
function hyphenated(word: string, lang: string): string {
  let out = "";
  let from = 0;
  for (const at of hyphenationPoints(word, lang)) {
    out += `${word.slice(from, at)}-`;
    from = at;
  }
  return out + word.slice(from);
}

describe("patterns are read only for the languages a build sets", () => {
  // First in this file: nothing has asked for Russian or English yet.
  it("Kazakh needs no pattern file; Russian's is read on its first word", () => {
    expect(hyphenated("жауапкершілікке", "kk")).toBe("жа-уап-кер-ші-лік-ке");
    expect(patternsLoaded("ru")).toBe(false);
    expect(patternsLoaded("en-us")).toBe(false);
    hyphenated("прокуратура", "ru");
    expect(patternsLoaded("ru")).toBe(true);
    expect(patternsLoaded("en-us")).toBe(false);
  });
});

describe("Kazakh: syllable rules", () => {
  // Written by hand from the spelling rules, one word a line (tests/fixtures/kazakh-hyphenation.txt).
  const list = readFileSync(join(import.meta.dirname, "fixtures/kazakh-hyphenation.txt"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"));

  it("the list holds at least 300 distinct real words", () => {
    expect(new Set(list.map((w) => w.replaceAll("-", ""))).size).toBeGreaterThanOrEqual(300);
  });

  it.each(list)("%s", (expected) => {
    expect(hyphenated(expected.replaceAll("-", ""), "kk")).toBe(expected);
  });

  it("й and у between vowels start the next syllable; и and у after a consonant end theirs", () => {
    expect(hyphenated("дауысы", "kk")).toBe("да-уы-сы");
    expect(hyphenated("дайындық", "kk")).toBe("да-йын-дық");
    expect(hyphenated("суықта", "kk")).toBe("су-ық-та");
    expect(hyphenated("қиындық", "kk")).toBe("қи-ын-дық");
    // у at the start before a vowel is the glide.
    expect(hyphenated("уақытта", "kk")).toBe("уа-қыт-та");
  });

  it("of three consonants, two stay and the third is carried", () => {
    expect(hyphenated("құмырсқа", "kk")).toBe("құ-мырс-қа");
    expect(hyphenated("күңгірттеу", "kk")).toBe("күң-гірт-теу");
  });

  it("never leaves or carries one letter; words under five letters stay whole", () => {
    expect(kazakhBreaks("ауыл")).toEqual([]);
    expect(kazakhBreaks("ана")).toEqual([]);
    expect(kazakhBreaks("бала")).toEqual([]);
    expect(hyphenated("өзімізге", "kk")).toBe("өзі-міз-ге");
    expect(hyphenated("ескертуі", "kk")).toBe("ес-кер-туі");
    for (const entry of list) {
      const parts = entry.split("-");
      if (parts.length > 1) {
        expect(parts[0]!.length, entry).toBeGreaterThanOrEqual(2);
        expect(parts.at(-1)!.length, entry).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it("no break in abbreviations, words in capitals, numbers with suffixes, links", () => {
    for (const chunk of [
      "ҚАЗАҚСТАН",
      "БҰҰ-ның",
      "ҚазАқпарат",
      "100-ден",
      "2020-жылғы",
      "1-бет",
      "т.б.",
      "azattyq.org/kk",
    ])
      expect(hyphenationPoints(chunk, "kk"), chunk).toEqual([]);
    // A capitalised word (a name, a sentence's first word) breaks like any other.
    expect(hyphenated("Қазақстанның", "kk")).toBe("Қа-зақс-тан-ның");
  });

  it("words tied by no-break spaces break one by one; the number among them stays whole", () => {
    expect(hyphenated("100\u00a0адамды,", "kk")).toBe("100\u00a0адам-ды,");
    expect(hyphenated("в\u00a0митингах", "ru")).toBe("в\u00a0ми-тин-гах");
    expect(hyphenated("2020\u00a0ж.\u00a0ақпанда", "kk")).toBe("2020\u00a0ж.\u00a0ақ-пан-да");
  });

  it("punctuation around a word stays with it", () => {
    expect(hyphenated("«Бостандық!»", "kk")).toBe("«Бос-тан-дық!»");
    expect(hyphenated("(ҚДТ)", "kk")).toBe("(ҚДТ)");
  });
});

describe("Russian and English: TeX patterns from the `hyphen` package", () => {
  it.each([
    ["прокуратура", "про-ку-ра-ту-ра"],
    ["митингов", "ми-тин-гов"],
    ["задерживали", "за-дер-жи-ва-ли"],
    ["сторонников", "сто-рон-ни-ков"],
    ["оппозиции", "оп-по-зи-ции"],
    ["«Демократического»,", "«Де-мо-кра-ти-че-ско-го»,"],
  ])("ru %s", (word, expected) => {
    expect(hyphenated(word, "ru")).toBe(expected);
  });

  it.each([
    ["government", "gov-ern-ment"],
    ["opposition", "op-po-si-tion"],
    ["demonstrations.", "demon-stra-tions."],
    ["hyphenation", "hy-phen-ation"],
  ])("en %s", (word, expected) => {
    expect(hyphenated(word, "en")).toBe(expected);
  });

  it("English keeps three letters after a break, Russian two; abbreviations and numbers stay whole", () => {
    for (const at of hyphenationPoints("accountability", "en")) expect("accountability".length - at).toBeGreaterThan(2);
    expect(hyphenated("наряды", "ru")).toBe("на-ря-ды");
    for (const chunk of ["ЦИК", "100-летие", "т.е.", "COVID-19", "NATO"])
      expect(hyphenationPoints(chunk, "ru")).toEqual([]);
    // A Latin name in Russian text, a Cyrillic word in English text: not that language's letters.
    expect(hyphenationPoints("Kazakhstan", "ru")).toEqual([]);
    expect(hyphenationPoints("Казахстан", "en")).toEqual([]);
  });

  it("breaks every word of a generated corpus where the package's own hyphenator does", () => {
    // src/typography/hyphenate.ts walks the package's patterns itself: held here to the package's
    // hyphenator, with TeX's minimums applied to its points (ru 2 and 2, en 2 and 3).
    const root = mkdtempSync(join(tmpdir(), "tilpress-hyphen-corpus-"));
    execFileSync(process.execPath, [join(REPO, "bench/generate.js"), root, "8"]);
    const createHyphenator = require("hyphen/hyphen.js") as (
      patterns: unknown,
    ) => (text: string, options: { minWordLength: number }) => string;
    const cases = [
      { lang: "ru", file: "ru.md", id: "ru", letters: /^[а-яё]+$/iu, left: 2, right: 2 },
      { lang: "en", file: "en.md", id: "en-us", letters: /^[a-z]+$/iu, left: 2, right: 3 },
    ];
    for (const { lang, file, id, letters, left, right } of cases) {
      const [levels, trie, exceptions] = (require(`hyphen/${id}`) as { patterns: [unknown, unknown, object?] })
        .patterns;
      // A copy of the exceptions: the package adds every word it hyphenates to the object it is given.
      const reference = createHyphenator([levels, trie, { ...exceptions }]);
      const words = new Set<string>();
      for (const article of readdirSync(join(root, "data", "articles")))
        for (const word of readFileSync(join(root, "data", "articles", article, file), "utf8").match(/\p{L}+/gu) ?? [])
          if (word.length >= 5 && letters.test(word) && !/\p{Lu}/u.test(word.slice(1))) words.add(word);
      expect(words.size, lang).toBeGreaterThan(1000);
      for (const word of words) {
        const parts = reference(word.toLowerCase(), { minWordLength: 1 }).split("\u00ad");
        const points: number[] = [];
        for (let i = 0, at = 0; i < parts.length - 1; i++) points.push((at += parts[i]!.length));
        const expected = points.filter((at) => at >= left && word.length - at >= right);
        expect(hyphenationPoints(word, lang), `${lang} ${word}`).toEqual(expected);
      }
    }
  });

  it("a language tilpress has no rules for is not hyphenated", () => {
    expect(hyphenationPoints("Donaudampfschifffahrt", "de")).toEqual([]);
  });
});

describe("soft hyphens for HTML", () => {
  it("only where browsers cannot hyphenate: Kazakh, not Russian or English", () => {
    expect(needsSoftHyphens("kk")).toBe(true);
    expect(needsSoftHyphens("kk-KZ")).toBe(true);
    expect(needsSoftHyphens("ru")).toBe(false);
    expect(needsSoftHyphens("en-GB")).toBe(false);
  });

  it("inserted at each point, numbers and no-break spaces left alone, idempotent", () => {
    const text = "Полиция 100-ден астам адамды ұстады,\u00a0Алматыда";
    const soft = insertSoftHyphens(text, "kk");
    expect(soft).toBe(
      "По\u00adли\u00adция 100-ден ас\u00adтам адам\u00adды ұс\u00adта\u00adды,\u00a0Ал\u00adма\u00adты\u00adда",
    );
    expect(soft.replaceAll("\u00ad", "")).toBe(text);
    expect(insertSoftHyphens(soft, "kk")).toBe(soft);
  });
});

describe("soft hyphens in the built Kazakh page", () => {
  const built = build({ root: REPO, templates: ["briefing"], formats: ["html"] });
  const page = (locale: string) => built.outputs.find((o) => o.path === `${locale}/${SEED}/briefing.html`)!.contents;

  it("in body paragraphs only (not headings), for Kazakh only; the page passes the Nu checker", () => {
    const kk = parseHtml(page("kk"));
    const body = selectAll<AnyNode, Element>(".story p", kk).map((p) => textContent(p));
    expect(body.join(" ")).toContain("жа\u00adуап\u00adкер\u00adші\u00adлік\u00adке");
    for (const h of selectAll<AnyNode, Element>("h1, h2, h3", kk)) expect(textContent(h)).not.toContain("\u00ad");
    for (const locale of ["en", "ru"]) expect(page(locale).toString()).not.toContain("\u00ad");
    const file = join(mkdtempSync(join(tmpdir(), "tilpress-hyphens-")), "kk.html");
    writeFileSync(file, page("kk"));
    expect(nuCheckerErrors([file])).toBe("");
  });

  it(
    "Chromium finds a hyphenated word and breaks words at their soft hyphens in a narrow column",
    { timeout: 60_000 },
    async () => {
      const file = join(mkdtempSync(join(tmpdir(), "tilpress-hyphens-")), "kk.html");
      writeFileSync(file, page("kk"));
      const { context, close } = await launchChromium();
      try {
        const tab = await context.newPage();
        await tab.goto(pathToFileURL(file).href);
        // Run in the page (a string: the tests are compiled without the DOM's types).
        const seen = (await tab.evaluate(`(() => {
        const found = window.find("жауапкершілікке");
        // The same paragraph in a column a few words wide: with its soft hyphens, and without.
        const p = [...document.querySelectorAll(".story p")].find((x) => x.textContent.includes("жа\\u00adуап"));
        const overflows = (text) => {
          const probe = document.createElement("p");
          probe.style.width = "7em";
          probe.textContent = text;
          document.body.append(probe);
          const wider = probe.scrollWidth > probe.clientWidth;
          probe.remove();
          return wider;
        };
        return { found, soft: overflows(p.textContent), plain: overflows(p.textContent.replaceAll("\\u00ad", "")) };
      })()`)) as { found: boolean; soft: boolean; plain: boolean };
        expect(seen.found).toBe(true);
        // Long words stick out of the narrow column unless the browser breaks them at their soft hyphens.
        expect(seen.plain).toBe(true);
        expect(seen.soft).toBe(false);
      } finally {
        await close();
      }
    },
  );
});

// A table's caption is a title set in bold: an editor does not let it break a word («ұста-/ған»),
// in the PDF or the Kazakh HTML (real material: the Government's kk statement broke its table's
// caption «…шеңберінің қорытынды-/сы»).
describe("a table's caption is not hyphenated", () => {
  const caption = "Қазақстанның демократиялық таңдауы қозғалысының жақтастарын ұстаған қалалардың тізімі";
  const root = seedCopy();
  appendFileSync(
    join(root, SEED_DIR, "kk.md"),
    `\n: ${caption}\n\n| Қала | Дереккөз |\n|:-----|:---------|\n| Алматы | полиция |\n| Шымкент | полиция |\n`,
  );
  const result = build({ root, locales: ["kk"], templates: ["briefing"] });
  const output = (format: string) => result.outputs.find((o) => o.path === `kk/${SEED}/briefing.${format}`)!.contents;

  it("the Kazakh HTML caption carries no soft hyphens; the body's cells still do", () => {
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const doc = parseHtml(output("html"));
    expect(selectAll<AnyNode, Element>("caption", doc).map((c) => textContent(c))).toEqual([caption]);
    expect(selectAll<AnyNode, Element>(".story p", doc).some((p) => textContent(p).includes("\u00ad"))).toBe(true);
  });

  it("the PDF breaks the caption between words only", () => {
    const file = join(mkdtempSync(join(tmpdir(), "tilpress-caption-")), "kk.pdf");
    writeFileSync(file, output("pdf"));
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).split("\n");
    const first = text.findIndex((l) => l.startsWith("Қазақстанның демократиялық таңдауы"));
    const lines = text.slice(first, first + 2);
    expect(lines.join(" ")).toBe(caption);
    expect(lines.some((l) => l.includes("\u00ad"))).toBe(false);
  });
});

describe("soft hyphens stay out of emails", () => {
  it("a Kazakh lede made plain for a newsletter summary has none; the built emails have none", async () => {
    const lede = "Полиция **жауапкершілікке** тартылуы мүмкін екені [айтылды](https://example.org/).";
    expect(plainInline(PROFILES.get("kk"), lede)).toBe("Полиция жауапкершілікке тартылуы мүмкін екені айтылды.");
    const emails = (await buildNewsletterIssues({ root: REPO })).outputs;
    expect(emails.some((o) => o.locale === "kk")).toBe(true);
    for (const o of emails) expect(o.contents.toString(), o.path).not.toContain("\u00ad");
  });
});

describe("the PDF's line breaker", () => {
  const meta = {
    lang: "kk",
    title: "Тасымал",
    author: "",
    creationDate: new Date(0),
    header: ["", ""] as [string, string],
    pageLabel: () => "",
  };
  const KK =
    "Құқық қорғау органдары заңсыз наразылықтарға қатысушылар әкімшілік және қылмыстық жауапкершілікке тартылуы мүмкін екенін ескертті.";
  const RU =
    "Правозащитные организации призвали правительство освободить задержанных участников несанкционированных митингов.";
  /** A column about a quarter of A4 wide, so that long words reach its edge on most lines. */
  const page = (body: string, css = "") =>
    `<!doctype html><html lang="kk"><head><style>@page { margin: 20mm 140mm 20mm 20mm; } body { font-size: 11pt; hyphens: auto; } ${css}</style></head><body>${body}</body></html>`;
  /** The PDF's text lines as pdftotext reads them. */
  const lines = (html: string): string[] => {
    const file = join(mkdtempSync(join(tmpdir(), "tilpress-hyphen-pdf-")), "out.pdf");
    writeFileSync(file, renderPdf(html, { engine: createPdfEngine(), meta }).pdf);
    return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" })
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
  };
  /** What a hand-hyphenated word may leave at a line's end: "ор-ган-да-ры" gives ор, орган, органда. */
  const breaksOf = (w: string) =>
    w
      .split("-")
      .map((_, i, parts) => parts.slice(0, i + 1).join(""))
      .slice(0, -1);
  const words = (ls: readonly string[]) => rejoinHyphenated(ls.join("\n").split(/\s+/).filter(Boolean));

  it("hyphenates Kazakh at its syllables; the text layer's U+00AD rejoins the words", () => {
    const got = lines(page(`<p>${KK}</p>`));
    const broken = got.filter((l) => l.endsWith("\u00ad"));
    expect(broken.length).toBeGreaterThan(1);
    // Each break is one of the word's syllable breaks, written out by hand.
    const allowed = [
      "Құ-қық",
      "ор-ган-да-ры",
      "на-ра-зы-лық-тар-ға",
      "қа-ты-су-шы-лар",
      "әкім-ші-лік",
      "қыл-мыс-тық",
      "жа-уап-кер-ші-лік-ке",
      "тар-ты-луы",
      "ес-керт-ті.",
    ];
    for (const line of broken) {
      const head = line.split(" ").at(-1)!.slice(0, -1);
      expect(
        allowed.some((w) => breaksOf(w).includes(head)),
        head,
      ).toBe(true);
    }
    // Soft hyphens are not words and stay in none; joined, the words are the paragraph's.
    expect(got.join(" ").replace(/\u00ad(?= |$)/g, "")).not.toContain("\u00ad");
    expect(words(got)).toEqual(KK.split(" "));
  });

  it("hyphens: none and manual are obeyed; manual breaks only at the text's own soft hyphens", () => {
    expect(lines(page(`<p style="hyphens: none">${KK}</p>`)).some((l) => l.endsWith("\u00ad"))).toBe(false);
    const manual = lines(
      page(`<p style="hyphens: manual">${KK.replace("жауапкершілікке", "жауап\u00adкершілікке")}</p>`),
    );
    expect(manual.filter((l) => l.endsWith("\u00ad"))).toEqual([expect.stringMatching(/ жауап\u00ad$/)]);
    expect(words(manual)).toEqual(KK.split(" "));
  });

  it("follows the language of a span: Russian patterns inside a Kazakh page", () => {
    const got = lines(page(`<p><span lang="ru">${RU}</span></p>`));
    const broken = got.filter((l) => l.endsWith("\u00ad")).map((l) => l.split(" ").at(-1)!.slice(0, -1));
    expect(broken.length).toBeGreaterThan(1);
    const allowed = [
      "Пра-во-за-щит-ные",
      "ор-га-ни-за-ции",
      "при-зва-ли",
      "пра-ви-тель-ство",
      "осво-бо-дить",
      "за-дер-жан-ных",
      "участ-ни-ков",
      "несанк-ци-о-ни-ро-ван-ных",
      "ми-тин-гов.",
    ];
    for (const head of broken)
      expect(
        allowed.some((w) => breaksOf(w).includes(head)),
        head,
      ).toBe(true);
    expect(words(got)).toEqual(RU.split(" "));
  });

  it("never leaves a piece of the last word alone on a paragraph's last line («шығар-/ды.»)", () => {
    // The sentence cut after each of its words: some of these paragraphs end where the last
    // word reaches the column's edge. Its tail would be the last line on its own, which Russian
    // and Kazakh make-up forbid; the word moves to the last line whole.
    const cut = (text: string, lang: string) =>
      text
        .split(" ")
        .slice(3)
        .map(
          (_, n) =>
            `<p lang="${lang}">${text
              .split(" ")
              .slice(0, n + 4)
              .join(" ")}</p>`,
        );
    // Paragraphs apart by a mark of their own, as pdftotext runs them together.
    const got = lines(page([...cut(KK, "kk"), ...cut(RU, "ru")].join("<p>¶</p>")));
    const paragraphs = got
      .join("\n")
      .split(/\n¶\n/)
      .map((p) => p.split("\n"));
    expect(paragraphs).toHaveLength(KK.split(" ").length - 3 + RU.split(" ").length - 3);
    // A head after other words on its line, and the tail alone on the last: a word that would
    // have fitted the last line whole. (A word wider than the column, alone on its lines, is
    // still broken: «несанкционирован-/ных».)
    const fragments = paragraphs.filter(
      (ls) => ls.length > 1 && / \S+\u00ad$/.test(ls.at(-2)!) && !ls.at(-1)!.includes(" "),
    );
    expect(fragments).toEqual([]);
    // The last word is still broken where it is wider than a whole line; every word is there.
    expect(paragraphs.filter((ls) => ls.length > 1).length).toBeGreaterThan(10);
    expect(words(paragraphs.at(-1)!)).toEqual(RU.split(" "));
  });
});
