import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selectAll, selectOne } from "css-select";
import type { Element } from "domhandler";
import { textContent } from "domutils";
import { describe, expect, it } from "vitest";
import { build } from "../src/build/build.js";
import { edit, lineOf, parseHtml, projectCopy, SEED, SEED_DIR, seedAsKind } from "./helpers.js";

/** Item 9 of issue 12: date-only `published`, `updated:`, `corrections:`, English date style per issuer. */

const CORRECTIONS = {
  en: {
    aqtobe: "An earlier version of this article misspelled the name of the city of Aqtobe.",
    internet: "An earlier version wrongly said that mobile internet was cut off; it was limited.",
  },
  kk: {
    aqtobe: "Мақаланың алғашқы нұсқасында Ақтөбе қаласының атауы қате жазылған.",
    internet: "Алдыңғы нұсқада мобильді интернет өшірілді деп қате айтылған; ол шектелген еді.",
  },
  ru: {
    aqtobe: "В первоначальной версии статьи было неверно написано название города Актобе.",
    internet: "В предыдущей версии ошибочно говорилось, что мобильный интернет отключили; его ограничили.",
  },
} as const;

type Lng = keyof typeof CORRECTIONS;

/** The seed article published on a date only, updated, with two corrections (the older one first in the data). */
function revisedProject(options: { englishDates?: "en-GB" | "en-US"; skipKk?: "aqtobe" } = {}): string {
  const root = projectCopy();
  edit(
    root,
    `${SEED_DIR}/article.yaml`,
    /^published: .*$/m,
    [
      'published: "2020-02-22"',
      'updated: "2020-02-24T11:00:00+06:00"',
      "corrections:",
      "  - id: aqtobe",
      '    date: "2020-02-23"',
      "  - id: internet",
      '    date: "2020-02-24T10:30:00+06:00"',
    ].join("\n"),
  );
  for (const lng of ["en", "kk", "ru"] as const) {
    const entries = Object.entries(CORRECTIONS[lng]).filter(([id]) => !(lng === "kk" && id === options.skipKk));
    edit(
      root,
      `${SEED_DIR}/${lng}.md`,
      /^timeline:$/m,
      `corrections:\n${entries.map(([id, text]) => `  ${id}: "${text}"`).join("\n")}\ntimeline:`,
    );
  }
  if (options.englishDates)
    edit(
      root,
      "data/outlets.yaml",
      /^ {2}url: https:\/\/www\.azattyq\.org\/$/m,
      `  url: https://www.azattyq.org/\n  englishDates: ${options.englishDates}`,
    );
  return root;
}

/** Text with no-break spaces read as spaces and runs of white space as one. */
const squash = (s: string) =>
  s
    .replace(/\u00a0/g, " ")
    .replace(/\s+/g, " ")
    .trim();

function pageOf(result: ReturnType<typeof build>, lng: Lng, template: string) {
  const html = result.outputs.find((o) => o.path === `${lng}/${SEED}/${template}.html`)?.contents;
  expect(html, `${lng}/${template}.html`).toBeDefined();
  return parseHtml(html ?? "").children;
}

const textAt = (doc: ReturnType<typeof pageOf>, selector: string) => {
  const el = selectOne(selector, doc) as Element | null;
  return el ? squash(textContent(el)) : undefined;
};
const textsAt = (doc: ReturnType<typeof pageOf>, selector: string) =>
  (selectAll(selector, doc) as Element[]).map((el) => squash(textContent(el)));
const attrAt = (doc: ReturnType<typeof pageOf>, selector: string, name: string) =>
  (selectOne(selector, doc) as Element | null)?.attribs[name];

describe("updates and corrections", () => {
  it("a date-only published, updated and two corrections, newest first, in en, kk and ru on every page", () => {
    const result = build({ root: revisedProject(), formats: ["html"] });
    // The same article as a press release, for the release layout.
    const release = build({ root: seedAsKind(revisedProject(), "press-release"), formats: ["html"] });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(release.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const expected: Record<Lng, { published: string; updated: string; notes: string[] }> = {
      en: {
        published: "February 22, 2020",
        updated: "Updated February 24, 2020",
        notes: [
          `Correction, February 24, 2020: ${CORRECTIONS.en.internet}`,
          `Correction, February 23, 2020: ${CORRECTIONS.en.aqtobe}`,
        ],
      },
      kk: {
        published: "2020 ж. 22 ақпан",
        updated: "Жаңартылды: 2020 ж. 24 ақпан",
        notes: [
          `Түзету (2020 ж. 24 ақпан): ${CORRECTIONS.kk.internet}`,
          `Түзету (2020 ж. 23 ақпан): ${CORRECTIONS.kk.aqtobe}`,
        ],
      },
      ru: {
        published: "22 февраля 2020 г.",
        updated: "Обновлено 24 февраля 2020 г.",
        notes: [
          `Исправление от 24 февраля 2020 г.: ${CORRECTIONS.ru.internet}`,
          `Исправление от 23 февраля 2020 г.: ${CORRECTIONS.ru.aqtobe}`,
        ],
      },
    };
    for (const lng of ["en", "kk", "ru"] as const) {
      for (const template of ["briefing", "press-release"]) {
        const doc = pageOf(template === "briefing" ? result : release, lng, template);
        const where = `${lng}/${template}`;
        const published = template === "briefing" ? ".dateline time" : ".lede .dateline time";
        expect(textAt(doc, published), where).toBe(expected[lng].published);
        expect(attrAt(doc, published, "datetime"), where).toBe("2020-02-22");
        expect(textAt(doc, ".updated"), where).toBe(expected[lng].updated);
        expect(attrAt(doc, ".updated time", "datetime"), where).toBe("2020-02-24T11:00:00+06:00");
        expect(textsAt(doc, ".corrections .correction"), where).toEqual(expected[lng].notes);
        expect(
          (selectAll(".corrections time", doc) as Element[]).map((t) => t.attribs["datetime"]),
          where,
        ).toEqual(["2020-02-24T10:30:00+06:00", "2020-02-23"]);
      }
    }
    expect(attrAt(pageOf(result, "ru", "briefing"), ".corrections", "aria-label")).toBe("Исправления");
    expect(attrAt(pageOf(result, "kk", "briefing"), ".corrections", "aria-label")).toBe("Түзетулер");
  });

  it("a correction without its Kazakh text keeps only the Kazakh pages out, with file:line:column", () => {
    const root = revisedProject({ skipKk: "aqtobe" });
    const result = build({ root, formats: ["html"] });
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      code: "translation/missing-label",
      file: `${SEED_DIR}/kk.md`,
      locale: "kk",
      article: SEED,
      line: lineOf(root, `${SEED_DIR}/kk.md`, "  internet:"),
      column: 3,
    });
    expect(errors[0]?.message).toContain("correction `aqtobe`");
    const paths = result.outputs.map((o) => o.path);
    expect(paths).toContain(`ru/${SEED}/briefing.html`);
    expect(paths).toContain(`en/${SEED}/briefing.html`);
    expect(paths).not.toContain(`kk/${SEED}/briefing.html`);
  });

  it("an issuer's English date style: en-GB and en-US for the same article, other locales unchanged", () => {
    const styled = (englishDates: "en-GB" | "en-US") => {
      const root = revisedProject({ englishDates });
      edit(root, `${SEED_DIR}/article.yaml`, /^(updated: .*)$/m, '$1\nembargo: "2030-03-03T09:00:00+06:00"');
      return build({ root, formats: ["html"], now: "2030-03-01T00:00:00Z" });
    };
    const gb = styled("en-GB");
    const us = styled("en-US");
    const cases: [string, string, string][] = [
      [".dateline time", "22 February 2020", "February 22, 2020"],
      [".updated", "Updated 24 February 2020", "Updated February 24, 2020"],
      [
        ".correction",
        `Correction, 24 February 2020: ${CORRECTIONS.en.internet}`,
        `Correction, February 24, 2020: ${CORRECTIONS.en.internet}`,
      ],
      [".timeline li:nth-child(3) time", "19 March 2019", "March 19, 2019"],
      [".embargo", "Embargoed until 09:00 (UTC+6), 3 March 2030", "Embargoed until 09:00 (UTC+6), March 3, 2030"],
    ];
    for (const [selector, british, american] of cases) {
      expect(textAt(pageOf(gb, "en", "briefing"), selector), selector).toBe(british);
      expect(textAt(pageOf(us, "en", "briefing"), selector), selector).toBe(american);
    }
    // Kazakh and Russian dates do not follow an English style.
    expect(textAt(pageOf(gb, "ru", "briefing"), ".updated")).toBe("Обновлено 24 февраля 2020 г.");
    expect(textAt(pageOf(gb, "kk", "briefing"), ".timeline li:nth-child(3) time")).toBe("2019 ж. 19 наурыз");
  });

  it("the PDF carries the updated line and the corrections, in the issuer's English style", () => {
    const result = build({
      root: revisedProject({ englishDates: "en-GB" }),
      locales: ["en", "ru"],
      templates: ["briefing"],
      formats: ["pdf"],
    });
    const text = (lng: Lng) => {
      const pdf = result.outputs.find((o) => o.path === `${lng}/${SEED}/briefing.pdf`);
      expect(pdf, lng).toBeDefined();
      const file = join(mkdtempSync(join(tmpdir(), "tilpress-revisions-")), `${lng}.pdf`);
      writeFileSync(file, pdf?.contents ?? "");
      return squash(execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }));
    };
    const en = text("en");
    expect(en).toContain("Updated 24 February 2020");
    expect(en).toContain("Correction, 24 February 2020: An earlier version wrongly said");
    expect(en.indexOf("Correction, 24 February 2020")).toBeLessThan(en.indexOf("Correction, 23 February 2020"));
    const ru = text("ru");
    expect(ru).toContain("Обновлено 24 февраля 2020 г.");
    expect(ru).toContain("Исправление от 23 февраля 2020 г.: В первоначальной версии статьи");
  });

  it("a published date that is not a real day, or not a date at all, is an error at its place", () => {
    for (const [value, message] of [
      ["2020-02-30", "is not a real date"],
      ["22.02.2020", "must be a date like 2024-10-29"],
    ] as const) {
      const root = projectCopy();
      edit(root, `${SEED_DIR}/article.yaml`, /^published: .*$/m, `published: "${value}"`);
      const errors = build({ root, formats: ["html"] }).diagnostics.filter((d) => d.severity === "error");
      expect(errors, value).toHaveLength(1);
      expect(errors[0], value).toMatchObject({
        file: `${SEED_DIR}/article.yaml`,
        line: lineOf(root, `${SEED_DIR}/article.yaml`, "published:"),
        column: 12,
      });
      expect(errors[0]?.message, value).toContain(message);
    }
  });
});
