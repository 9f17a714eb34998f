// Writes cldr/locale-data.json: what tilpress takes from Unicode CLDR for a locale it has no
// built-in profile for (src/locale/cldr.ts). Run `node scripts/cldr-locale-data.js` after updating
// the cldr-misc-full / cldr-numbers-full dev dependencies; tests/locales.test.ts fails when the
// committed file differs from what the installed packages give. The packages are 70 MB; the few
// fields tilpress reads are a small file, read at run time only for such a locale.
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const packageDir = (name) => dirname(require.resolve(`${name}/package.json`));

/**
 * The characters of a CLDR UnicodeSet as written in characters.json (`[aä b c {ch} \- x-z]`):
 * single characters, ranges, `{…}` strings (each of their characters) and backslash escapes.
 */
export function unicodeSetCharacters(set) {
  const chars = [...set.trim().replace(/^\[/, "").replace(/\]$/, "")];
  const out = new Set();
  let previous;
  for (let i = 0; i < chars.length; i++) {
    let c = chars[i];
    if (/\s/u.test(c)) continue;
    if (c === "{") {
      const end = chars.indexOf("}", i);
      for (const s of chars.slice(i + 1, end)) out.add(s);
      i = end;
      previous = undefined;
      continue;
    }
    if (c === "-" && previous !== undefined && i + 1 < chars.length && !/\s/u.test(chars[i + 1])) {
      let [to, used] = escaped(chars, i + 1);
      for (let cp = previous.codePointAt(0) + 1; cp <= to.codePointAt(0); cp++) out.add(String.fromCodePoint(cp));
      i = used;
      previous = undefined;
      continue;
    }
    [c, i] = escaped(chars, i);
    out.add(c);
    previous = c;
  }
  return [...out];
}

function escaped(chars, i) {
  if (chars[i] !== "\\") return [chars[i], i];
  const next = chars[i + 1];
  if (next === "u" || next === "U") {
    const width = next === "u" ? 4 : 8;
    const hex = chars.slice(i + 2, i + 2 + width).join("");
    return [String.fromCodePoint(parseInt(hex, 16)), i + 1 + width];
  }
  return [next, i + 1];
}

function readMain(pkg, locale, file) {
  const path = join(packageDir(pkg), "main", locale, file);
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")).main[locale] : undefined;
}

/** Per locale: quotation marks (primary, alternate), exemplar letters, minimum grouping digits. */
export function cldrLocaleData() {
  const misc = join(packageDir("cldr-misc-full"), "main");
  const locales = {};
  for (const locale of readdirSync(misc).sort()) {
    const d = readMain("cldr-misc-full", locale, "delimiters.json")?.delimiters;
    const c = readMain("cldr-misc-full", locale, "characters.json")?.characters;
    const n = readMain("cldr-numbers-full", locale, "numbers.json")?.numbers;
    const entry = {};
    if (d) entry.quotes = [d.quotationStart, d.quotationEnd, d.alternateQuotationStart, d.alternateQuotationEnd];
    if (c?.exemplarCharacters) entry.letters = unicodeSetCharacters(c.exemplarCharacters).join("");
    if (n?.minimumGroupingDigits) entry.minimumGroupingDigits = Number(n.minimumGroupingDigits);
    locales[locale] = entry;
  }
  // A locale that says what its parent says (de-AT and de) is left to inherit it.
  const full = structuredClone(locales);
  for (const [locale, entry] of Object.entries(locales)) {
    const parent = full[locale.split("-").slice(0, -1).join("-")];
    if (!parent) continue;
    for (const key of Object.keys(entry))
      if (JSON.stringify(entry[key]) === JSON.stringify(parent[key])) delete entry[key];
  }
  const version = JSON.parse(readFileSync(join(packageDir("cldr-misc-full"), "package.json"), "utf8")).version;
  return {
    cldr: version,
    locales: Object.fromEntries(Object.entries(locales).filter(([, e]) => Object.keys(e).length)),
  };
}

export const DATA_FILE = new URL("../cldr/locale-data.json", import.meta.url);

export function serialize(data) {
  return JSON.stringify(data, null, 0).replace(/\],"/g, '],\n"').replace(/\},"/g, '},\n"') + "\n";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(DATA_FILE, serialize(cldrLocaleData()));
  console.log(`wrote ${fileURLToPath(DATA_FILE)}`);
}
