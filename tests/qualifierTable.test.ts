import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, seedCopy } from "./helpers.js";
import {
  expectedEn,
  expectedKk,
  expectedRu,
  PROBES,
  QUALIFIER_NAMES,
  TABLE_UNITS,
  type QualifierName,
  type TableUnit,
} from "./qualifierExpected.js";

/**
 * `tilpress check` renders every qualifier × unit of the project's catalogs × probe count: the
 * table it prints (`--table qualifiers`) matches the one written by hand, and a unit that lacks
 * a case form is a located `grammar/unit-forms` warning.
 */
const BIN = join(REPO, "bin/tilpress.js");

function tilpress(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The printed table: `locale unit frame count` → text, no-break spaces and hyphens read as plain ones. */
function readTable(stdout: string): Map<string, string> {
  const [header, ...lines] = stdout.trimEnd().split("\n");
  expect(header).toBe("locale\tunit\tframe\tcount\ttext");
  return new Map(
    lines.map((line) => {
      const [locale, unit, frame, count, text] = line.split("\t");
      const plain = (text ?? "").replace(/[\u00a0\u202f]/g, " ").replace(/\u2011/g, "-");
      return [`${locale} ${unit} ${frame} ${count}`, plain];
    }),
  );
}

const EXPECTED: Readonly<Record<string, (q: QualifierName, u: TableUnit, i: number) => string>> = {
  ru: expectedRu,
  kk: expectedKk,
  en: expectedEn,
};

describe("check --table qualifiers on the bundled project", () => {
  const root = seedCopy();
  const run = tilpress(["check", "--root", root, "--no-cache", "--quiet", "--format", "html", "--table", "qualifiers"]);
  const table = readTable(run.stdout);

  it("checks cleanly and prints every frame × unit × probe in every locale", () => {
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("grammar/unit-forms");
    // 9 units (people … points, kilometres, per-100k-people, receipts) × (7 frames × 15 probes + 14 ranges
    // + 14 changes by the value) × 3 locales.
    expect(table.size).toBe(9 * (7 * 15 + 14 + 14) * 3);
    expect([...table.values()].filter((t) => t.startsWith("(missing"))).toEqual([]);
  });

  for (const locale of ["ru", "kk", "en"])
    for (const qualifier of QUALIFIER_NAMES)
      it(`${locale}: ${qualifier} × every unit matches the hand-written table`, () => {
        for (const unit of TABLE_UNITS) {
          const got = PROBES.map((count) => table.get(`${locale} ${unit} ${qualifier} ${count}`));
          const want = PROBES.map((_, i) => EXPECTED[locale]!(qualifier, unit, i));
          expect(got, `${locale} ${unit}`).toEqual(want);
        }
      });

  it("units the bundled catalogs add beyond the hand table are rendered too", () => {
    expect(table.get("ru kilometres more-than 21")).toBe("более 21 км");
    expect(table.get("ru per-100k-people about 22")).toBe("около 22 на 100 000 человек");
    expect(table.get("kk kilometres up-to 5")).toBe("5 км-ге дейін");
    // A measure is qualified as a phrase, the suffix on the abbreviation: «5 км-ден астам», not «5-тен астам км».
    expect(table.get("kk kilometres more-than 5")).toBe("5 км-ден астам");
    expect(table.get("kk kilometres fewer-than 21")).toBe("21 км-ден аз");
    expect(table.get("kk hours more-than 3")).toBe("3 сағаттан астам");
    // A rate's base frames the whole phrase, the qualifier next to its number.
    expect(table.get("kk per-100k-people about 22")).toBe("100 000 адамға шаққанда шамамен 22");
    // The thing counted is the label's: the case goes on the digits, as they are read aloud.
    expect(table.get("kk per-100k-people more-than 5")).toBe("100 000 адамға шаққанда 5-тен астам");
    expect(table.get("kk per-100k-people from-to 4..5")).toBe("100 000 адамға шаққанда 4-тен 5-ке дейін");
    expect(table.get("kk per-100k-people up-to 1000")).toBe("100 000 адамға шаққанда 1000-ға дейін");
    expect(table.get("ru per-100k-people from-to 20..21")).toBe("от 20 до 21 на 100 000 человек");
    expect(table.get("en per-100k-people at-least 1.5")).toBe("at least 1.5 per 100,000 people");
    // Receipts (the Bureau of National Statistics' «более 60 млн чеков»): a thing counted, inanimate.
    expect(table.get("ru receipts more-than 21")).toBe("более 21 чека");
    expect(table.get("ru receipts more-than 22")).toBe("более 22 чеков");
    expect(table.get("ru receipts none 3")).toBe("3 чека");
    expect(table.get("ru receipts trend 22")).toBe("рост на 22 чека");
    expect(table.get("kk receipts more-than 25")).toBe("25-тен астам чек");
    expect(table.get("kk receipts up-to 5")).toBe("5 чекке дейін");
    expect(table.get("en receipts about 1")).toBe("about 1 receipt");
  });

  it("ranges in words: ru «от … до» with the genitive, kk ablative then dative + дейін, en from … to", () => {
    const range = (locale: string, unit: string) =>
      PROBES.slice(1).map((count) => {
        const from = Math.max(0, Math.round((count - 1) * 10) / 10);
        return table.get(`${locale} ${unit} from-to ${from}..${count}`);
      });
    // prettier-ignore
    expect(range("ru", "people")).toEqual([
      "от 0 до 1 человека", "от 1 до 2 человек", "от 2 до 3 человек", "от 4 до 5 человек", "от 10 до 11 человек",
      "от 20 до 21 человека", "от 21 до 22 человек", "от 24 до 25 человек", "от 100 до 101 человека",
      "от 110 до 111 человек", "от 999 до 1000 человек", "от 0,5 до 1,5 человека", "от 0 до 0,5 человека",
      "от 9,8 до 10,8 человека",
    ]);
    // prettier-ignore
    expect(range("ru", "days")).toEqual([
      "от 0 до 1 дня", "от 1 до 2 дней", "от 2 до 3 дней", "от 4 до 5 дней", "от 10 до 11 дней", "от 20 до 21 дня",
      "от 21 до 22 дней", "от 24 до 25 дней", "от 100 до 101 дня", "от 110 до 111 дней", "от 999 до 1000 дней",
      "от 0,5 до 1,5 дня", "от 0 до 0,5 дня", "от 9,8 до 10,8 дня",
    ]);
    // prettier-ignore
    expect(range("ru", "detention-days")).toEqual([
      "от 0 до 1 суток", "от 1 до 2 суток", "от 2 до 3 суток", "от 4 до 5 суток", "от 10 до 11 суток",
      "от 20 до 21 суток", "от 21 до 22 суток", "от 24 до 25 суток", "от 100 до 101 суток", "от 110 до 111 суток",
      "от 999 до 1000 суток", "от 0,5 до 1,5 суток", "от 0 до 0,5 суток", "от 9,8 до 10,8 суток",
    ]);
    // The first number takes the ablative as read aloud (он → -нан, жиырма → -дан, тоғыз → -дан).
    // prettier-ignore
    expect(range("kk", "people")).toEqual([
      "0-ден 1 адамға дейін", "1-ден 2 адамға дейін", "2-ден 3 адамға дейін", "4-тен 5 адамға дейін",
      "10-нан 11 адамға дейін", "20-дан 21 адамға дейін", "21-ден 22 адамға дейін", "24-тен 25 адамға дейін",
      "100-ден 101 адамға дейін", "110-нан 111 адамға дейін", "999-дан 1000 адамға дейін",
      "0,5-тен 1,5 адамға дейін", "0-ден 0,5 адамға дейін", "9,8-ден 10,8 адамға дейін",
    ]);
    // prettier-ignore
    expect(range("en", "people")).toEqual([
      "from 0 to 1 person", "from 1 to 2 people", "from 2 to 3 people", "from 4 to 5 people", "from 10 to 11 people",
      "from 20 to 21 people", "from 21 to 22 people", "from 24 to 25 people", "from 100 to 101 people",
      "from 110 to 111 people", "from 999 to 1,000 people", "from 0.5 to 1.5 people", "from 0 to 0.5 people",
      "from 9.8 to 10.8 people",
    ]);
    // The unit once, after the second number.
    expect(table.get("ru percent from-to 4..5")).toBe("от 4 до 5 %");
    expect(table.get("ru points from-to 0.5..1.5")).toBe("от 0,5 до 1,5 п. п.");
    expect(table.get("kk percent from-to 4..5")).toBe("4-тен 5%-ға дейін");
    expect(table.get("kk points from-to 10..11")).toBe("10-нан 11 пайыздық тармаққа дейін");
    expect(table.get("en percent from-to 4..5")).toBe("from 4% to 5%");
  });
});

describe("a change by the value (`trend`) on the bundled project", () => {
  const root = seedCopy();
  const run = tilpress(["check", "--root", root, "--no-cache", "--quiet", "--format", "html", "--table", "qualifiers"]);
  const table = readTable(run.stdout);
  const by = (locale: string, unit: string) =>
    PROBES.slice(1).map((count) => table.get(`${locale} ${unit} trend ${count}`));

  it("ru «на» takes the accusative: «человека» after 1, 21, 101, 2–4 and a fraction; inanimate units as the nominative", () => {
    // prettier-ignore
    expect(by("ru", "people")).toEqual([
      "рост на 1 человека", "рост на 2 человека", "рост на 3 человека", "рост на 5 человек", "рост на 11 человек",
      "рост на 21 человека", "рост на 22 человека", "рост на 25 человек", "рост на 101 человека",
      "рост на 111 человек", "рост на 1000 человек", "рост на 1,5 человека", "рост на 0,5 человека",
      "рост на 10,8 человека",
    ]);
    // prettier-ignore
    expect(by("ru", "days")).toEqual([
      "рост на 1 день", "рост на 2 дня", "рост на 3 дня", "рост на 5 дней", "рост на 11 дней", "рост на 21 день",
      "рост на 22 дня", "рост на 25 дней", "рост на 101 день", "рост на 111 дней", "рост на 1000 дней",
      "рост на 1,5 дня", "рост на 0,5 дня", "рост на 10,8 дня",
    ]);
    expect(table.get("ru detention-days trend 21")).toBe("рост на 21 сутки");
    expect(table.get("ru hours trend 21")).toBe("рост на 21 час");
    expect(table.get("ru percent trend 1")).toBe("рост на 1 %");
    expect(table.get("ru points trend 5")).toBe("рост на 5 п. п.");
  });

  it("kk the dative on the phrase, «… өсті»; en «rose by»", () => {
    expect(by("kk", "people").slice(0, 6)).toEqual([
      "1 адамға өсті",
      "2 адамға өсті",
      "3 адамға өсті",
      "5 адамға өсті",
      "11 адамға өсті",
      "21 адамға өсті",
    ]);
    expect(table.get("kk hours trend 3")).toBe("3 сағатқа өсті");
    expect(table.get("kk percent trend 5")).toBe("5%-ға өсті");
    expect(table.get("en people trend 1")).toBe("rose by 1 person");
    expect(table.get("en people trend 21")).toBe("rose by 21 people");
  });
});

describe("check on a project whose added unit lacks case forms", () => {
  const root = seedCopy();
  // A unit a user adds: its counting forms in every locale, but no ru genitive and no kk dative.
  const addUnit = (locale: string, forms: Record<string, string>, extra: (units: Record<string, unknown>) => void) => {
    const file = join(root, "locales", locale, "units.json");
    const units = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    extra(units);
    writeFileSync(file, JSON.stringify({ ...forms, ...units }, null, 2) + "\n");
  };
  addUnit("en", { tents_one: "{{value}} tent", tents_other: "{{value}} tents" }, () => {});
  // prettier-ignore
  addUnit("ru", { tents_one: "{{value}} палатка", tents_few: "{{value}} палатки", tents_many: "{{value}} палаток", tents_other: "{{value}} палатки" }, () => {});
  addUnit("kk", { tents_one: "{{value}} шатыр", tents_other: "{{value}} шатыр" }, (units) => {
    const ablative = units["ablative"] as Record<string, string>;
    ablative["tents_one"] = "{{value}} шатырдан";
    ablative["tents_other"] = "{{value}} шатырдан";
    // Tents are counted: the qualifier goes on the numeral («5-тен астам шатыр»).
    (units["qualifier-numeral"] as Record<string, unknown>)["tents"] = { "more-than": "{{value}}-{{ablative}} астам" };
  });
  const run = tilpress(["check", "--root", root, "--no-cache", "--format", "html", "--reporter", "json"]);
  type Reported = { code: string; severity: string; file: string; line: number; column: number; locale: string };
  const found = (JSON.parse(run.stdout) as { diagnostics: (Reported & { message: string })[] }).diagnostics.filter(
    (d) => d.code === "grammar/unit-forms",
  );

  it("warns once per locale, at the unit's key in that locale's units.json, naming the missing forms", () => {
    expect(run.code).toBe(0);
    expect(
      found.map(({ code, severity, file, line, column, locale }) => ({ code, severity, file, line, column, locale })),
    ).toEqual([
      {
        code: "grammar/unit-forms",
        severity: "warning",
        file: "locales/kk/units.json",
        line: 2,
        column: 3,
        locale: "kk",
      },
      {
        code: "grammar/unit-forms",
        severity: "warning",
        file: "locales/ru/units.json",
        line: 2,
        column: 3,
        locale: "ru",
      },
    ]);
    const [kk, ru] = found;
    expect(ru?.message).toBe(
      "The ru unit `tents` lacks `accusative.tents_few`, `accusative.tents_many`, `accusative.tents_one`, " +
        "`accusative.tents_other`, `genitive.tents_few`, `genitive.tents_many`, `genitive.tents_one`, " +
        "`genitive.tents_other`, so `more-than` at 0 cannot be written",
    );
    expect(kk?.message).toBe(
      "The kk unit `tents` lacks `dative.tents_one`, `dative.tents_other`, so `up-to` at 0 cannot be written",
    );
  });

  it("the table shows which cells cannot be written, and the rest as they read", () => {
    const table = tilpress([
      "check",
      "--root",
      root,
      "--no-cache",
      "--quiet",
      "--format",
      "html",
      "--table",
      "qualifiers",
    ]);
    const rows = readTable(table.stdout);
    expect(rows.get("ru tents none 22")).toBe("22 палатки");
    expect(rows.get("ru tents more-than 5")).toBe("(missing units:genitive.tents_many)");
    // «рост на 1 палатку»: a feminine noun's accusative is its own form.
    expect(rows.get("ru tents trend 1")).toBe("(missing units:accusative.tents_one)");
    expect(rows.get("kk tents more-than 5")).toBe("5-тен астам шатыр");
    expect(rows.get("kk tents up-to 5")).toBe("(missing units:dative.tents_other)");
    expect(rows.get("en tents up-to 1")).toBe("up to 1 tent");
  });
});

describe("check on a project whose catalogs predate ranges in words", () => {
  it("reports no unit as lacking forms when the frame's own string is what is missing", () => {
    const root = seedCopy();
    for (const locale of ["en", "kk", "ru"]) {
      const file = join(root, "locales", locale, "units.json");
      const units = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      delete units["range"];
      writeFileSync(file, JSON.stringify(units, null, 2) + "\n");
    }
    const run = tilpress(["check", "--root", root, "--no-cache", "--format", "html", "--reporter", "json"]);
    expect(run.code).toBe(0);
    const codes = (JSON.parse(run.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
    expect(codes).not.toContain("grammar/unit-forms");
  });
});

describe("--table", () => {
  it("is refused with another name, and with the JSON reporter (both write to stdout)", () => {
    const wrong = tilpress(["check", "--root", REPO, "--table", "units"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--table must be qualifiers, not "units"');
    const json = tilpress(["check", "--root", REPO, "--table", "qualifiers", "--reporter", "json"]);
    expect(json.code).toBe(2);
    expect(json.stderr).toContain("--table and --reporter json both write to stdout");
  });
});
