import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../core/packageRoot.js";
import type { Locale, QuotePair } from "./profile.js";

/**
 * What tilpress takes from Unicode CLDR for a locale without a built-in profile, from
 * cldr/locale-data.json: written by scripts/cldr-locale-data.js from the cldr-misc-full and
 * cldr-numbers-full packages (delimiters.json, characters.json, numbers.json), a few fields of
 * every locale in 130 KB instead of 70 MB of packages. Read on first need, never changed.
 */
export interface CldrLocaleData {
  /** delimiters.json: quotation marks, then the alternate pair for a quotation inside a quotation. */
  readonly quotes?: { readonly primary: QuotePair; readonly nested: QuotePair };
  /** characters.json `exemplarCharacters`: the letters the language is written with, in lower case. */
  readonly letters?: string;
  /** numbers.json: the fewest digits before the first group separator (2: "1000" solid, "10 000"). */
  readonly minimumGroupingDigits?: number;
}

interface DataFile {
  readonly cldr: string;
  readonly locales: Readonly<
    Record<string, { quotes?: [string, string, string, string]; letters?: string; minimumGroupingDigits?: number }>
  >;
}

let data: DataFile | undefined;

function dataFile(): DataFile {
  // Immutable data shared by every build: read once, on first need (a build of en, kk and ru never reads it).
  data ??= JSON.parse(readFileSync(join(PACKAGE_ROOT, "cldr", "locale-data.json"), "utf8")) as DataFile;
  return data;
}

/** The CLDR version the data file was made from. */
export function cldrVersion(): string {
  return dataFile().cldr;
}

/**
 * A locale's CLDR data, each field inherited as CLDR does by truncation (`de-AT` → `de`):
 * a field the locale does not set comes from its parent.
 */
export function cldrLocaleData(id: Locale): CldrLocaleData {
  const { locales } = dataFile();
  const chain: string[] = [];
  for (let parts = id.split("-"); parts.length; parts = parts.slice(0, -1)) chain.push(parts.join("-"));
  const field = <K extends "quotes" | "letters" | "minimumGroupingDigits">(key: K) =>
    chain.map((l) => locales[l]?.[key]).find((v) => v !== undefined);
  const quotes = field("quotes");
  const letters = field("letters");
  const minimumGroupingDigits = field("minimumGroupingDigits");
  return {
    ...(quotes ? { quotes: { primary: [quotes[0], quotes[1]], nested: [quotes[2], quotes[3]] } } : {}),
    ...(letters !== undefined ? { letters } : {}),
    ...(minimumGroupingDigits !== undefined ? { minimumGroupingDigits } : {}),
  };
}
