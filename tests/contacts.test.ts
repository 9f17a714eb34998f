import { execFileSync } from "node:child_process";
import { appendFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selectAll, selectOne } from "css-select";
import type { Element } from "domhandler";
import { textContent } from "domutils";
import { describe, expect, it } from "vitest";
import { build } from "../src/build/build.js";
import { formatPhone, phoneE164 } from "../src/model/contacts.js";
import { Phone } from "../src/validate/schema.js";
import {
  edit,
  REPO,
  lineOf,
  parseHtml,
  projectCopy,
  rejoinHyphenatedText,
  SEED,
  SEED_DIR,
  seedAsKind,
  seedCopy,
  withoutSoftHyphens,
} from "./helpers.js";

/** A person of the glossary and a press office, given on the article. */
const CONTACTS = `
contacts:
  - person: dana-seitkali
    email: d.seitkali@example.kz
    phone: "+7 727 123 45 67"
  - email: press@example.kz
    phone: "+7 (7172) 55-50-00"
    en: { name: Press office, hours: "Mon–Fri 9:00–18:00 (UTC+5)" }
    kk: { name: Баспасөз қызметі, hours: "Дс–Жм 9:00–18:00 (UTC+5)" }
    ru: { name: Пресс-служба, hours: "Пн–Пт 9:00–18:00 (UTC+5)" }
`;

const PERSON = `people:
  dana-seitkali:
    en: { name: Dana Seitkali, role: Head of the press office }
    kk: { name: Дана Сейтқали, role: Баспасөз қызметінің басшысы }
    ru: { name: Дана Сейткали, role: Руководитель пресс-службы }
`;

const NOTES: Record<string, string> = {
  en: "Photographs of the rallies are available to editors on request.",
  kk: "Митингілерден түсірілген фотосуреттерді редакцияларға сұрау бойынша береміз.",
  ru: "Фотографии с митингов предоставляются редакциям по запросу.",
};

function contactsProject(): string {
  const root = projectCopy();
  appendFileSync(join(root, SEED_DIR, "article.yaml"), CONTACTS);
  edit(root, "data/glossary.yaml", /^people:\n/m, PERSON);
  for (const locale of ["en", "kk", "ru"])
    edit(root, `${SEED_DIR}/${locale}.md`, /^headline:/m, `notes: ${NOTES[locale]}\nheadline:`);
  return root;
}

// Text as read: a PDF's words hyphenated at a line's end joined again, HTML's soft hyphens (Kazakh) dropped.
const clean = (s: string) =>
  withoutSoftHyphens(rejoinHyphenatedText(s))
    .replace(/\u00a0/g, " ")
    .trim();
const one = (doc: ReturnType<typeof parseHtml>, selector: string) => {
  const el = selectOne(selector, doc.children) as Element | null;
  return el ? clean(textContent(el)) : undefined;
};

type Outputs = readonly { path: string; contents: Buffer }[];
const html = (outputs: Outputs, locale: string, template = "press-release", article = SEED) => {
  const found = outputs.find((o) => o.path === `${locale}/${article}/${template}.html`);
  if (!found) throw new Error(`no ${locale} ${template}`);
  return parseHtml(found.contents);
};

describe("media contacts and notes to editors", () => {
  const news = build({ root: contactsProject(), formats: ["html"] });
  // The same article as a press release (a news item is built as a briefing only).
  const root = seedAsKind(contactsProject(), "press-release");
  const release = build({ root, formats: ["html"] });
  const result = { outputs: [...news.outputs, ...release.outputs] };

  it("builds the edited article cleanly", () => {
    // Editing en.md makes the translations stale until reviewed: that is all there is to say.
    for (const built of [news, release]) {
      const said = built.diagnostics.filter((d) => d.code !== "translation/stale");
      expect(said).toEqual([]);
    }
  });

  it("shows each contact in each language: name, role, phone grouped, tel: in E.164, mailto:", () => {
    const expected = {
      en: [
        "Dana Seitkali, head of the press office Email: d.seitkali@example.kz Phone: +7 727 123 45 67",
        "Press office Email: press@example.kz Phone: +7 7172 55 50 00 Mon–Fri 9:00–18:00 (UTC+5)",
      ],
      kk: [
        "Дана Сейтқали, баспасөз қызметінің басшысы Эл. пошта: d.seitkali@example.kz Телефон: +7 727 123 45 67",
        "Баспасөз қызметі Эл. пошта: press@example.kz Телефон: +7 7172 55 50 00 Дс–Жм 9:00–18:00 (UTC+5)",
      ],
      ru: [
        "Дана Сейткали, руководитель пресс-службы Эл. почта: d.seitkali@example.kz Телефон: +7 727 123 45 67",
        "Пресс-служба Эл. почта: press@example.kz Телефон: +7 7172 55 50 00 Пн–Пт 9:00–18:00 (UTC+5)",
      ],
    };
    for (const [locale, lines] of Object.entries(expected)) {
      for (const template of ["press-release", "briefing"]) {
        const doc = html(result.outputs, locale, template);
        const entries = (selectAll(".contact .contact-entry", doc.children) as Element[]).map((e) =>
          // <br> separates the lines of an entry; read it as a space.
          clean(textContent(e)).replace(/(\S)(Email|Эл\. |Телефон|Phone|Mon|Дс|Пн)/g, "$1 $2"),
        );
        expect(entries).toEqual(lines);
        const hrefs = (selectAll(".contact a", doc.children) as Element[]).map((a) => a.attribs.href);
        expect(hrefs).toEqual([
          "mailto:d.seitkali@example.kz",
          "tel:+77271234567",
          "mailto:press@example.kz",
          "tel:+77172555000",
        ]);
      }
    }
  });

  it("the article's contacts replace the outlet's", () => {
    const doc = html(result.outputs, "en");
    expect((selectAll("a", doc.children) as Element[]).map((a) => a.attribs.href)).not.toContain(
      "https://pressroom.rferl.org/",
    );
  });

  it("sets the notes to editors after the body under the heading of each language", () => {
    const heading = {
      en: "Notes to editors",
      kk: "Редакторларға арналған ескертпелер",
      ru: "Примечания для редакторов",
    };
    for (const [locale, title] of Object.entries(heading)) {
      for (const template of ["press-release", "briefing"]) {
        const doc = html(result.outputs, locale, template);
        expect(one(doc, ".notes h2")).toBe(title);
        expect(one(doc, ".notes p")).toBe(NOTES[locale]);
      }
      // After the end mark of the release and its links (the seed's sources), before the about block.
      const release = (selectOne("article.release", html(result.outputs, locale).children) as Element).children
        .filter((n): n is Element => n.type === "tag")
        .map((n) => n.attribs.class ?? n.name);
      expect(release.slice(release.indexOf("end-mark"))).toEqual(["end-mark", "links", "notes", "about"]);
    }
  });

  it("the PDF reads the contacts and the notes back", () => {
    const pdf = build({ root, articles: [SEED], formats: ["pdf"], locales: ["kk"], templates: ["press-release"] });
    const file = join(mkdtempSync(join(tmpdir(), "tilpress-contacts-")), "kk.pdf");
    writeFileSync(file, pdf.outputs.find((o) => o.path.endsWith(".pdf"))!.contents);
    const text = clean(execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" })).replace(
      /\s+/g,
      " ",
    );
    expect(text).toContain("Редакторларға арналған ескертпелер");
    // The glossary role after a comma starts in lower case.
    expect(text).toContain("Дана Сейтқали, баспасөз қызметінің басшысы");
    expect(text).toContain("Телефон: +7 727 123 45 67");
    expect(text).toContain("Дс–Жм 9:00–18:00 (UTC+5)");
    expect(text).toContain("Азаттық радиосы туралы");
  });
});

describe("the about block names the issuer", () => {
  it("in each language's construction: About …, «… туралы», «О …» in the prepositional", () => {
    const result = build({
      root: seedAsKind(seedCopy(), "press-release"),
      formats: ["html"],
      templates: ["press-release"],
    });
    const heading = (l: string) => one(html(result.outputs, l), ".boilerplate h2");
    expect(heading("en")).toBe("About RFE/RL’s Kazakh Service");
    expect(heading("kk")).toBe("Азаттық радиосы туралы");
    expect(heading("ru")).toBe("О Радио Азаттык");
  });

  it("«об» before a vowel, and «… . Справка» when ru gives no prepositional form", () => {
    const vowel = seedAsKind(seedCopy(), "press-release");
    edit(vowel, "data/outlets.yaml", "prepositional: Радио Азаттык", "prepositional: Азаттыке");
    const a = build({ root: vowel, formats: ["html"], templates: ["press-release"], locales: ["ru"] });
    expect(one(html(a.outputs, "ru"), ".boilerplate h2")).toBe("Об Азаттыке");

    const none = seedAsKind(seedCopy(), "press-release");
    edit(none, "data/outlets.yaml", "    prepositional: Радио Азаттык\n", "");
    const b = build({ root: none, formats: ["html"], templates: ["press-release"], locales: ["ru"] });
    // As an agency heads a background note: no case needed, and no quotation marks of its own.
    expect(one(html(b.outputs, "ru"), ".boilerplate h2")).toBe("Радио Азаттык. Справка");

    // A name with its own quotation marks is not nested in more («Об организации «ТОО «…»»»).
    const quoted = seedAsKind(seedCopy(), "press-release");
    edit(quoted, "data/outlets.yaml", "    prepositional: Радио Азаттык\n", "");
    edit(quoted, "data/outlets.yaml", "    name: Радио Азаттык\n", '    name: ТОО "Радио Азаттык"\n');
    const c = build({ root: quoted, formats: ["html"], templates: ["press-release"], locales: ["ru"] });
    expect(one(html(c.outputs, "ru"), ".boilerplate h2")).toBe("ТОО «Радио Азаттык». Справка");
  });

  const ADB = "adb-kyzylorda-zhezkazgan-road-2024-10-29";
  it("English takes the article where the name needs one (the form after “about”)", () => {
    const result = build({
      root: REPO,
      formats: ["html"],
      templates: ["press-release"],
      articles: [ADB],
    });
    const heading = (l: string) => one(html(result.outputs, l, "press-release", ADB), ".boilerplate h2");
    expect(heading("en")).toBe("About the Asian Development Bank");
    expect(heading("kk")).toBe("Азия даму банкі туралы");
    expect(heading("ru")).toBe("Об Азиатском банке развития");
  });
});

describe("contacts that are refused", () => {
  const office = `
    en: { name: Press office }
    kk: { name: Баспасөз қызметі }
    ru: { name: Пресс-служба }
`;
  const file = `${SEED_DIR}/article.yaml`;

  it("a javascript: link, with file, line and pointer; the article is kept out", () => {
    const root = projectCopy();
    appendFileSync(join(root, file), `\ncontacts:\n  - url: "javascript:alert(1)"${office}`);
    const result = build({ root, formats: ["html"] });
    const unsafe = result.diagnostics.find((d) => d.code === "data/unsafe-link");
    expect(unsafe).toMatchObject({
      severity: "error",
      file,
      line: lineOf(root, file, "javascript:"),
      pointer: "/contacts/0/url",
    });
    expect(result.outputs.filter((o) => o.path.startsWith(`en/${SEED}/`))).toEqual([]);
  });

  it("a javascript: link in the outlet's contacts, at its place in data/outlets.yaml", () => {
    const root = projectCopy();
    edit(root, "data/outlets.yaml", "    url: https://pressroom.rferl.org/", "    url: javascript:alert(1)");
    const result = build({ root, formats: ["html"] });
    expect(result.diagnostics.find((d) => d.code === "data/unsafe-link")).toMatchObject({
      file: "data/outlets.yaml",
      line: lineOf(root, "data/outlets.yaml", "javascript:"),
      pointer: "/rferl-kazakh/contact/url",
    });
  });

  it("a bad email", () => {
    const root = projectCopy();
    appendFileSync(join(root, file), `\ncontacts:\n  - email: "press@"${office}`);
    const result = build({ root, formats: ["html"] });
    expect(result.diagnostics.find((d) => d.pointer === "/contacts/0/email")).toMatchObject({
      severity: "error",
      code: "data/schema",
      file,
      line: lineOf(root, file, '"press@"'),
    });
    expect(result.outputs.filter((o) => o.path.startsWith(`en/${SEED}/`))).toEqual([]);
  });

  it("an office without a name in a locale, a contact without a channel", () => {
    const root = projectCopy();
    appendFileSync(join(root, file), "\ncontacts:\n  - en: { name: Press office }\n");
    const result = build({ root, formats: ["html"] });
    const codes = result.diagnostics.map((d) => [d.code, d.locale ?? "", d.line]);
    const line = lineOf(root, file, "- en: { name: Press office }");
    expect(codes).toContainEqual(["contact/no-channel", "", line]);
    expect(codes).toContainEqual(["contact/missing-name", "kk", line]);
    expect(codes).toContainEqual(["contact/missing-name", "ru", line]);
    expect(codes.filter(([c]) => c === "contact/missing-name").map(([, l]) => l)).not.toContain("en");
  });
});

describe("a phone number is shown in the groups its author wrote", () => {
  const shown = (written: string) => formatPhone(Phone.parse(written)).replaceAll("\u00a0", " ");
  it("keeps the area code whole (Astana 7172, Almaty 727): brackets, dashes and dots separate groups", () => {
    expect(shown("+7 (7172) 72-00-16")).toBe("+7 7172 72 00 16");
    expect(shown("+7 727 123.45.67")).toBe("+7 727 123 45 67");
    expect(shown("+44 20 7946 0958")).toBe("+44 20 7946 0958");
    expect(phoneE164(Phone.parse("+7 (7172) 72-00-16"))).toBe("+77172720016");
  });
  it("groups a +7 number written without groups as code, three, three, two, two; others as given", () => {
    expect(shown("+77271234567")).toBe("+7 727 123 45 67");
    expect(shown("+7 7271234567")).toBe("+7 727 123 45 67");
    expect(shown("+442079460958")).toBe("+442079460958");
    expect(Phone.safeParse("+7 727 12").success).toBe(false);
  });
});
