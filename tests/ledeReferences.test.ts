import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { selectAll, selectOne } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { getAttributeValue, textContent } from "domutils";
import { simpleParser } from "mailparser";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { beforeAll, describe, expect, it } from "vitest";
import { ledeOf } from "../src/core/markdown.js";
import { createMarkdown } from "../src/render/markdown.js";
import { edit, lineOf, parseHtml, PROFILES, runCli, SEED, SEED_DIR, seedCopy } from "./helpers.js";

/**
 * Reference links in the lede (`[police][MVD]`, `[Azattyq][]`, `[Азаттык]`) with their
 * definitions elsewhere in the body: the lede is rendered on its own, and printed them as
 * written (red team). Each locale's lede has two defined ones (a label in another case than
 * its definition's, a second definition of the same label that must lose) and an undefined one.
 */
type Locale = "en" | "kk" | "ru";
const LOCALES: readonly Locale[] = ["en", "kk", "ru"];

const LEDES: Record<Locale, { from: string; to: string; definitions: string }> = {
  en: {
    from: "have been detained by police, who were deployed in large numbers in a show of force to halt the unsanctioned events.",
    to:
      "have been detained by [police][MVD], who were deployed in large numbers in a show of force to halt the " +
      "unsanctioned events, [Azattyq][] reported. [The organizers][dp] had no permit.",
    definitions:
      '[mvd]: https://www.gov.kz/memleket/entities/qriim?lang=en&tab=news "Ministry of Internal Affairs"\n' +
      "[MVD]: https://example.org/second-definition\n",
  },
  kk: {
    from: "100-ден астам адамды полиция ұстады.",
    to: "100-ден астам адамды [полиция][ІІМ] ұстады. Бұл туралы [Азаттық][] хабарлады. [Ұйымдастырушылар][дп] рұқсат алмаған.",
    definitions:
      '[іім]: https://www.gov.kz/memleket/entities/qriim?lang=kk&tab=news "Ішкі істер министрлігі"\n' +
      "[азаттық]: https://www.azattyq.org/a/rallies-kk/\n[ІІМ]: https://example.org/second-definition\n",
  },
  ru: {
    from: "Полиция задержала более 100 человек, собиравшихся",
    to: "[Полиция][МВД] задержала более 100 человек, собиравшихся",
    definitions:
      '[мвд]: https://www.gov.kz/memleket/entities/qriim?lang=ru&tab=news "МВД Казахстана"\n' +
      "[Азаттык]: https://www.azattyq.org/a/rallies-ru/\n[МВД]: https://example.org/second-definition\n",
  },
};
/** The Russian lede's other links, at its end: a shortcut one and an undefined one. */
const RU_LEDE_END = {
  from: "выведя на улицы большое количество полицейских.",
  to: "выведя на улицы большое количество полицейских. Об этом сообщает [Азаттык]. У [организаторов][дп] не было разрешения.",
};

/** What each lede links to, in order: its words, its URL and its title (written by hand). */
const LINKS: Record<Locale, [string, string, string | undefined][]> = {
  en: [
    ["police", "https://www.gov.kz/memleket/entities/qriim?lang=en&tab=news", "Ministry of Internal Affairs"],
    ["Azattyq", "https://www.azattyq.org/a/rallies-en/", undefined],
  ],
  kk: [
    ["полиция", "https://www.gov.kz/memleket/entities/qriim?lang=kk&tab=news", "Ішкі істер министрлігі"],
    ["Азаттық", "https://www.azattyq.org/a/rallies-kk/", undefined],
  ],
  ru: [
    ["Полиция", "https://www.gov.kz/memleket/entities/qriim?lang=ru&tab=news", "МВД Казахстана"],
    ["Азаттык", "https://www.azattyq.org/a/rallies-ru/", undefined],
  ],
};

/** The lede's text with its links resolved, and the undefined reference as written. */
const LEDE_TEXT: Record<Locale, readonly string[]> = {
  en: [
    "have been detained by police, who were deployed in large numbers in a show of force to halt the unsanctioned events, Azattyq reported.",
    "[The organizers][dp] had no permit.",
  ],
  kk: [
    "100-ден астам адамды полиция ұстады.",
    "Бұл туралы Азаттық хабарлады.",
    "[Ұйымдастырушылар][дп] рұқсат алмаған.",
  ],
  ru: [
    "Полиция задержала более 100 человек,",
    "Об этом сообщает Азаттык.",
    "У [организаторов][дп] не было разрешения.",
  ],
};

/** The description's start: the lede's first sentence, as text. */
const DESCRIPTION_START: Record<Locale, string> = {
  en: "More than 100 people planning to attend opposition rallies in Almaty and other cities in Kazakhstan have been detained by police, who",
  kk: "Алматыда және Қазақстанның басқа қалаларында оппозиция митингілеріне қатыспақ болған 100-ден астам адамды полиция ұстады.",
  ru: "Полиция задержала более 100 человек, собиравшихся принять участие в митингах оппозиции",
};

/** Text as a reader sees it: soft hyphens dropped, no-break hyphens and spaces as plain ones, one space between words. */
const plain = (text: string): string =>
  text.replaceAll("\u00ad", "").replaceAll("\u2011", "-").replace(/\s+/gu, " ").trim();

/** The seed article without standfirsts (the lede is then the description and the email's summary), with the ledes above. */
function projectWithLedeReferences(): string {
  const root = seedCopy();
  for (const locale of LOCALES) {
    const file = `${SEED_DIR}/${locale}.md`;
    edit(root, file, /^standfirst: >-\n(?: {2}.*\n)+/m, "");
    edit(root, file, LEDES[locale].from, LEDES[locale].to);
    // Definitions at the end of the body; English's Azattyq one in its middle, after the second paragraph.
    appendFileSync(join(root, file), `\n${LEDES[locale].definitions}`);
  }
  edit(root, `${SEED_DIR}/ru.md`, RU_LEDE_END.from, RU_LEDE_END.to);
  const middle = "in and around the location.\n";
  edit(root, `${SEED_DIR}/en.md`, middle, `${middle}\n[azattyq]: https://www.azattyq.org/a/rallies-en/\n`);
  return root;
}

describe("reference links in the lede resolve with the body's definitions, wherever the lede goes", () => {
  let out: string;
  const page = (locale: Locale) => join(out, `${locale}/${SEED}/briefing`);

  beforeAll(() => {
    const root = projectWithLedeReferences();
    out = join(root, "dist");
    const r = runCli(["build", "--root", root, "--out", out, "--no-cache", "--reporter", "json"]);
    expect(r.code, r.stderr).toBe(0);
  }, 300_000);

  it.each(LOCALES)(
    "%s: the page's lede links them, to the first definition, and leaves an undefined one as text",
    (locale) => {
      const doc = parseHtml(readFileSync(`${page(locale)}.html`));
      const lede = selectOne<AnyNode, Element>(".lede", doc.children)!;
      const links = selectAll<AnyNode, Element>("a", lede).map((a) => [
        plain(textContent(a)),
        getAttributeValue(a, "href"),
        getAttributeValue(a, "title"),
      ]);
      expect(links).toEqual(LINKS[locale]);
      for (const text of LEDE_TEXT[locale]) expect(plain(textContent(lede))).toContain(text);
      const undefinedOne = LEDE_TEXT[locale].at(-1)!;
      expect(plain(textContent(lede)).replace(undefinedOne, "")).not.toMatch(/[[\]]/);
    },
  );

  it.each(LOCALES)(
    "%s: the descriptions are the lede's first sentence as text, links reduced to their words",
    (locale) => {
      const doc = parseHtml(readFileSync(`${page(locale)}.html`));
      const meta = (selector: string) =>
        getAttributeValue(selectOne<AnyNode, Element>(selector, doc.children)!, "content") ?? "";
      const jsonLd = JSON.parse(
        textContent(selectOne<AnyNode, Element>('script[type="application/ld+json"]', doc.children)!),
      ) as { description?: string } | { description?: string }[];
      // Without a standfirst the page has no `<meta name="description">`: its cards and JSON-LD describe it.
      const descriptions = [
        meta('meta[property="og:description"]'),
        meta('meta[name="twitter:description"]'),
        ...[jsonLd].flat().flatMap((d) => (d.description ? [d.description] : [])),
      ];
      expect(descriptions).toHaveLength(3);
      for (const description of descriptions) {
        expect(plain(description).startsWith(DESCRIPTION_START[locale]), description).toBe(true);
        expect(description).not.toMatch(/[[\]<>]/);
      }
    },
  );

  it.each(LOCALES)("%s: the PDF prints the lede's words and links them (its link annotations)", async (locale) => {
    const pdf = `${page(locale)}.pdf`;
    const text = plain(
      execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" }).replace(/\u00ad\n/g, ""),
    );
    for (const part of LEDE_TEXT[locale]) expect(text).toContain(part);
    expect(text).not.toContain("][МВД]");
    expect(text).not.toContain("][ІІМ]");
    expect(text).not.toContain("][MVD]");
    const document = await getDocument({
      data: new Uint8Array(readFileSync(pdf)),
      useSystemFonts: false,
      isEvalSupported: false,
    }).promise;
    const uris: string[] = [];
    for (let n = 1; n <= document.numPages; n++)
      for (const a of await (await document.getPage(n)).getAnnotations()) if (a.url) uris.push(String(a.url));
    for (const [, url] of LINKS[locale]) expect(uris).toContain(url);
    expect(uris).not.toContain("https://example.org/second-definition");
  });

  it.each(LOCALES)(
    "%s: the newsletter's summary is the lede as text, in its HTML and its text part",
    async (locale) => {
      const mail = await simpleParser(readFileSync(join(out, `newsletter/weekly-2020-02-23/${locale}.eml`)));
      const summary = plain(
        textContent(selectOne<AnyNode, Element>(".summary", parseHtml(String(mail.html)).children)!),
      );
      const text = plain(mail.text ?? "");
      for (const part of LEDE_TEXT[locale]) {
        expect(summary).toContain(part);
        expect(text).toContain(part);
      }
      // A summary links only to the briefing: the lede's links are words there, listed nowhere.
      for (const [, url] of LINKS[locale]) {
        expect(String(mail.html)).not.toContain(url.replace("&", "&amp;"));
        expect(text).not.toContain(url);
      }
    },
  );
});

describe("a reference link in the lede to a refused URL", () => {
  it("is data/unsafe-link at the lede's `[`, as elsewhere in the body", () => {
    const root = seedCopy();
    const file = `${SEED_DIR}/ru.md`;
    edit(root, file, "Полиция задержала более 100 человек,", "[Полиция][мвд] задержала более 100 человек,");
    appendFileSync(join(root, file), "\n[МВД]: javascript:alert(1)\n");
    const r = runCli(["check", "--root", root, "--article", SEED, "--reporter", "json"]);
    expect(r.code, r.stderr).toBe(1);
    const unsafe = (
      JSON.parse(r.stdout) as { diagnostics: { code: string; file: string; line: number; column: number }[] }
    ).diagnostics
      .filter((d) => d.code === "data/unsafe-link")
      .map(({ file, line, column }) => ({ file, line, column }));
    expect(unsafe).toEqual([{ file, line: lineOf(root, file, "[Полиция][мвд]"), column: 1 }]);
  });
});

describe("ledeOf writes the lede's reference links inline, as the whole body resolves them", () => {
  const md = createMarkdown(PROFILES.get("ru"));
  /** The body's first paragraph as the page renders the whole body, and the lede rendered alone. */
  const both = (body: string) => {
    const whole = md.render(body);
    return [whole.slice(0, whole.indexOf("</p>\n") + 5), `<p>${md.renderInline(ledeOf(body).lede)}</p>\n`];
  };

  it("resolves full, collapsed and shortcut references, case-insensitively, to the first definition", () => {
    const body =
      'См. [МВД][мвд], [Мвд][] и [мвд].\n\nДалее.\n\n[МВД]: https://gov.kz/a?b=1&c=2 "Title"\n[мвд]: https://x.example\n';
    expect(ledeOf(body).lede).toBe(
      'См. [МВД](<https://gov.kz/a?b=1\\&c=2> "Title"), [Мвд](<https://gov.kz/a?b=1\\&c=2> "Title") и ' +
        '[мвд](<https://gov.kz/a?b=1\\&c=2> "Title").',
    );
    const [whole, alone] = both(body);
    expect(alone).toBe(whole);
    expect(alone).toContain('<a href="https://gov.kz/a?b=1&amp;c=2" title="Title">МВД</a>');
  });

  it.each([
    [
      "a definition in a quote and one in a list count",
      "[a] и [b].\n\n> [a]: https://a.example\n\n- [b]: mailto:b@example.org\n",
    ],
    ["one in a code block does not", "[a] и [a][].\n\n    [a]: https://a.example\n"],
    ["an undefined one stays text", "[a][нет] и [нет].\n\n[a]: https://a.example\n"],
    ["a refused URL defines nothing", "[a] и [b].\n\n[a]: javascript:alert(1)\n\n[b]: ftp://b.example\n"],
    [
      "a URL and a title with what must be escaped",
      '[a].\n\n[a]: <https://a.example/(x&amp;y> "t \\"q\\" &amp; \\\\"\n',
    ],
    [
      "inline links and emphasis around them",
      "*[a]* [b](https://b.example) `[a]` [*a*][A] ![a][a]\n\n[a]: https://a.example\n",
    ],
    ["a reference after a failed inline link", "[a](не ссылка [a]\n\n[a]: https://a.example\n"],
  ])("%s: the lede alone renders as the body's first paragraph", (_, body) => {
    const [whole, alone] = both(body);
    expect(alone).toBe(whole);
  });

  it("writes a URL's `&` and a title's quotes and backslash so that they read back as defined", () => {
    const [, alone] = both('[a].\n\n[a]: <https://a.example/(x&amp;y> "t \\"q\\" &amp; \\\\"\n');
    expect(alone).toBe('<p><a href="https://a.example/(x&amp;y" title="t &quot;q&quot; &amp; \\">a</a>.</p>\n');
  });

  it("leaves a lede as written when the body defines nothing, or the lede has no bracket", () => {
    expect(ledeOf("Текст [a] и [b][c].\n\nДалее [d](https://d.example).").lede).toBe("Текст [a] и [b][c].");
    expect(ledeOf("Текст без ссылок.\n\n[a]: https://a.example").lede).toBe("Текст без ссылок.");
  });
});
