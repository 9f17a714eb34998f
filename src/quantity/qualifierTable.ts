import { DiagnosticList, pointerOf } from "../core/diagnostic.js";
import type { Catalog } from "../i18n/catalog.js";
import { createTranslator, type Translator } from "../i18n/translator.js";
import type { Locale } from "../locale/index.js";
import { typeset } from "../typography/rules.js";
import { QUALIFIERS } from "../validate/schema.js";
import { formatQuantity, type Quantity } from "./quantity.js";
import { catalogUnits, PLURAL, TYPES } from "./units.js";

/**
 * Counts that reach every plural category and case ending the grammar distinguishes: ru one
 * (1, 21, 101), few (2, 3, 22), many (0, 5, 11, 25, 111, 1000) and other (fractions); kk
 * suffixes after each last spoken word (нөл, бір, екі, үш, бес, мың; a decimal's fraction).
 */
export const PROBE_COUNTS = [0, 1, 2, 3, 5, 11, 21, 22, 25, 101, 111, 1000, 1.5, 0.5, 10.8] as const;

/**
 * A row's framing: the bare value, a qualifier, a range written «от … до», or a change by the
 * value (`trend`: "rose by", «рост на» with the accusative, «… өсті» with the dative).
 */
export type TableFrame = (typeof QUALIFIERS)[number] | "none" | "from-to" | "trend";
export const TABLE_FRAMES: readonly TableFrame[] = ["none", ...QUALIFIERS, "from-to", "trend"];

/** One cell of the table: a unit after a frame at a probe count, as the page prints it. */
export interface TableRow {
  readonly locale: Locale;
  readonly unit: string;
  readonly frame: TableFrame;
  readonly count: number;
  /** The text as typeset, or undefined when the catalog lacks a form it needs (`missing`). */
  readonly text: string | undefined;
  /** The catalog keys (`units:…`) this cell needed and did not find. */
  readonly missing: readonly string[];
}

function quantityOf(unit: string): Quantity {
  return TYPES.has(unit) ? { type: unit as "percent" | "points" } : { unit };
}

/** A probe's «от … до» range: from one less (two consecutive counts, «от 21 до 22 дней»), never below 0. */
function rangeOf(count: number): { from: number; to: number } {
  return { from: Math.max(0, Math.round((count - 1) * 10) / 10), to: count };
}

/** The translator's strings, noting each key the catalog lacks instead of reporting it. */
function recording(tr: Translator, missing: Set<string>): Translator {
  return {
    ...tr,
    t: (key, vars) => {
      if (tr.has(key)) return tr.t(key, vars);
      missing.add(key);
      return "";
    },
  };
}

/**
 * For the check, which only asks which keys a cell needs: the catalog's string with its
 * `{{variables}}` filled in directly. i18next's full lookup costs about a millisecond a cell on a
 * busy machine, and the check runs in every build (and every worker); units strings use nothing
 * but plain variables, so the words come out the same.
 */
function probing(catalog: Catalog, tr: Translator, missing: Set<string>): Translator {
  return {
    ...tr,
    t: (key, vars = {}) => {
      const at = key.indexOf(":");
      const value: unknown = catalog.i18n.getResource(tr.locale, key.slice(0, at), key.slice(at + 1));
      if (typeof value !== "string") {
        missing.add(key);
        return "";
      }
      return value.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => String(vars[name] ?? ""));
    },
  };
}

export interface TableOptions {
  readonly locales: readonly Locale[];
  /**
   * `table`: every probe count, typeset like a page (what an editor reviews). `check`: one probe
   * per plural category, untypeset: the forms a cell needs depend only on the categories, and the
   * check runs on every build.
   */
  readonly purpose: "table" | "check";
}

/** The probes that reach different catalog forms: the first of each pair of plural categories (value, range start). */
function probesOf(locale: Locale, purpose: TableOptions["purpose"]): readonly number[] {
  if (purpose === "table") return PROBE_COUNTS;
  const rules = new Intl.PluralRules(locale);
  const seen = new Set<string>();
  return PROBE_COUNTS.filter((count) => {
    const categories = `${rules.select(count)} ${rules.select(rangeOf(count).from)}`;
    if (seen.has(categories)) return false;
    seen.add(categories);
    return true;
  });
}

/**
 * Every frame × unit × probe count in each locale, rendered by the same code as a figure
 * (`formatQuantity`): what `tilpress check --table qualifiers` prints, and what the check reads.
 */
export function qualifierTable(catalog: Catalog, options: TableOptions): TableRow[] {
  const rows: TableRow[] = [];
  for (const locale of options.locales) {
    // Missing keys are collected per cell below, not reported: the check says which forms a unit lacks.
    const tr = createTranslator(catalog, locale, new DiagnosticList());
    const { profile } = tr;
    const probes = probesOf(locale, options.purpose);
    for (const unit of catalogUnits(catalog, locale))
      for (const frame of TABLE_FRAMES)
        for (const count of probes) {
          // A range up to 0 is no range, and a change by 0 is "unchanged", without the unit.
          if ((frame === "from-to" || frame === "trend") && count === 0) continue;
          const missing = new Set<string>();
          const q: Quantity = {
            ...quantityOf(unit),
            ...(frame === "from-to"
              ? { value: rangeOf(count), range: "from-to" }
              : frame === "trend"
                ? { value: count, trend: true }
                : { value: count, ...(frame === "none" ? {} : { qualifier: frame }) }),
          };
          const strings = options.purpose === "table" ? recording(tr, missing) : probing(catalog, tr, missing);
          const text = formatQuantity(strings, q);
          rows.push({
            locale,
            unit,
            frame,
            count,
            text: missing.size ? undefined : options.purpose === "table" ? typeset(text, profile) : text,
            missing: [...missing].sort(),
          });
        }
  }
  return rows;
}

/** The table as tab-separated lines with a header, for an editor to review (or a spreadsheet to open). */
export function formatQualifierTable(rows: readonly TableRow[]): string {
  const lines = rows.map((r) =>
    [r.locale, r.unit, r.frame, formatProbe(r), r.text ?? `(missing ${r.missing.join(", ")})`].join("\t"),
  );
  return ["locale\tunit\tframe\tcount\ttext", ...lines].join("\n") + "\n";
}

function formatProbe(row: TableRow): string {
  return row.frame === "from-to" ? `${rangeOf(row.count).from}..${row.count}` : String(row.count);
}

/**
 * `grammar/unit-forms`: a unit of a locale's catalog that cannot be written after every
 * qualifier, as a range or as a change by it at every probe count because a case form is
 * missing (ru «более 5 …» needs `genitive.<unit>_many`, «рост на 21 …» `accusative.<unit>_one`;
 * kk «… дейін» needs `dative.<unit>_other`). Reported once per unit and
 * locale, at the unit's first key in that locale's `units.json`.
 */
export function checkUnitForms(catalog: Catalog, locales: readonly Locale[], diagnostics: DiagnosticList): void {
  const byUnit = new Map<string, { locale: Locale; unit: string; missing: Set<string>; example: string }>();
  for (const row of qualifierTable(catalog, { locales, purpose: "check" })) {
    // The unit's own forms; a frame's string missing (`range.count` in an older catalog) is
    // `catalog/missing-key`'s to report, against the English catalog.
    const forms = row.missing.filter(
      (key) =>
        PLURAL.exec(
          key
            .replace(/^units:/, "")
            .split(".")
            .at(-1) ?? "",
        )?.[1] === row.unit,
    );
    if (!forms.length) continue;
    const id = `${row.locale}\u0000${row.unit}`;
    let entry = byUnit.get(id);
    if (!entry)
      byUnit.set(id, (entry = { locale: row.locale, unit: row.unit, missing: new Set(), example: exampleOf(row) }));
    for (const key of forms) entry.missing.add(key);
  }
  for (const { locale, unit, missing, example } of byUnit.values()) {
    const file = catalog.files[`${locale}/units`] ?? `locales/${locale}/units.json`;
    const source = catalog.sources[`${locale}/units`];
    const first = Object.keys(catalog.i18n.getResourceBundle(locale, "units") as object).find(
      (k) => PLURAL.exec(k)?.[1] === unit,
    );
    const path = first ? [first] : [];
    const keys = [...missing].sort().map((k) => `\`${k.replace(/^units:/, "")}\``);
    diagnostics.warn({
      code: "grammar/unit-forms",
      message: `The ${locale} unit \`${unit}\` lacks ${keys.join(", ")}, so ${example} cannot be written`,
      hint:
        `Add the form${keys.length > 1 ? "s" : ""} to ${file}; ` +
        "`tilpress check --table qualifiers` prints every qualifier × unit × count to review.",
      file,
      locale,
      pointer: pointerOf(path),
      ...(source && first ? source.locateKey(path) : {}),
    });
  }
}

/** The cell that failed, in words: "more-than at 5". */
function exampleOf(row: TableRow): string {
  return row.frame === "none" ? `the value ${row.count}` : `\`${row.frame}\` at ${formatProbe(row)}`;
}
