#!/usr/bin/env node
// Regenerate docs/check-examples.md: each check made to fail on a copy of the bundled data,
// with what `tilpress check` prints and the fix. Usage: npm run compile && node scripts/check-examples.js
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const repo = new URL("..", import.meta.url).pathname;
const bin = join(repo, "bin/tilpress.js");
const A = "data/articles/kazakhstan-rallies-2020-02-22";

const examples = [
  [
    "data/yaml-syntax",
    "Broken YAML",
    [[`${A}/article.yaml`, "kind: news", "kind: [news"]],
    "Close the bracket: `kind: news`.",
  ],
  [
    "data/duplicate-key",
    "A key twice",
    [[`${A}/article.yaml`, "kind: news\n", "kind: news\nkind: statement\n"]],
    "Keep one `kind`.",
  ],
  [
    "data/forbidden-key",
    "A prototype key",
    [["data/glossary.yaml", "places:\n", "places:\n  __proto__:\n    en: { name: X }\n"]],
    "Remove it.",
  ],
  [
    "data/type-coercion",
    "A number where text is meant",
    [[`${A}/article.yaml`, 'date: "2017"', "date: 2017"]],
    'Quote it: `date: "2017"`.',
  ],
  [
    "data/unknown-field",
    "A misspelt field",
    [[`${A}/article.yaml`, "kind: news", "kind: news\nheadlines: x"]],
    "Remove it or fix the spelling.",
  ],
  [
    "data/missing-field",
    "A required field missing",
    [[`${A}/article.yaml`, "dateline: almaty\n", ""]],
    "Add `dateline: almaty`.",
  ],
  [
    "data/unknown-id",
    "An id the glossary lacks",
    [[`${A}/article.yaml`, "places: [shymkent]", "places: [shymkend]"]],
    "Use `shymkent`.",
  ],
  [
    "data/unsafe-link",
    "A javascript: link",
    [[`${A}/article.yaml`, "url: https://www.azattyq.org/", "url: javascript:alert(1)"]],
    "Use an https: URL.",
  ],
  [
    "data/unsafe-link",
    "An outlet's javascript: link (it would be on every page of the outlet)",
    [["data/outlets.yaml", "url: https://www.azattyq.org/", 'url: "javascript:alert(document.domain)//"']],
    "Use the outlet's https: address.",
  ],
  [
    "template/unescaped",
    "A headline printed without escaping",
    [["templates/briefing.hbs", "<h1>{{headline}}</h1>", "<h1>{{{headline}}}</h1>"]],
    "Use `{{headline}}`.",
  ],
  [
    "text/control-character",
    "A BEL character pasted into a body",
    [[`${A}/en.md`, "sealing off the square", "sealing off\u0007 the square"]],
    "Delete it.",
  ],
  [
    "data/schema",
    "A date that is not in the calendar",
    [[`${A}/article.yaml`, 'published: "2020-02-22T20:00:00+06:00"', 'published: "2019-02-29T20:00:00+06:00"']],
    "2019 has no February 29: correct the date.",
  ],
  [
    "data/reserved-name",
    "An id that is a Windows device name",
    [["data/glossary.yaml", "places:\n", "places:\n  con:\n    en: { name: Con }\n"]],
    "Choose another id, such as `con-river`.",
  ],
  [
    "pdf/right-to-left",
    "Arabic in a headline (the PDF engine has no bidi)",
    [[`${A}/en.md`, "headline: More", "headline: مرحبا More"]],
    "Transliterate it, or leave it out of the PDF's locale.",
    ["--locale", "en"],
  ],
  [
    "data/missing-locale-file",
    "A translation missing (with --strict)",
    [[`${A}/kk.md`, null, null]],
    "Add kk.md.",
    ["--strict"],
  ],
  [
    "glossary/missing-name",
    "A glossary entry without a Kazakh name",
    [["data/glossary.yaml", "    kk: { name: Шымкент }\n", ""]],
    "Add `kk: { name: Шымкент }`.",
  ],
  [
    "translation/missing-label",
    "A figure without a Russian label",
    [[`${A}/ru.md`, "  detained-aqtobe:", "  detained-aktobe:"]],
    "Label `detained-aqtobe`, not a new id.",
  ],
  [
    "catalog/missing-key",
    "A string missing in one locale",
    [["locales/kk/common.json", '    "timeline": "Оқиғалар хронологиясы",\n', ""]],
    "Add the key to locales/kk/common.json.",
  ],
  [
    "catalog/missing-plural",
    "A Russian plural form missing",
    [["locales/ru/units.json", '  "days_many": "{{value}} дней",\n', ""]],
    'Add `"days_many": "{{value}} дней"`.',
  ],
  [
    "catalog/interpolation-mismatch",
    "A variable lost in translation",
    [["locales/ru/common.json", "материалов {{names}}", "материалов {{name}}"]],
    "Use `{{names}}`.",
  ],
  ["catalog/empty-string", "An empty string", [["locales/kk/common.json", '"Тұлғалар"', '""']], "Translate it."],
  [
    "catalog/unused-key",
    "A key nothing uses",
    [
      ["locales/en/common.json", '"nav": {', '"nav": {\n    "home": "Home",'],
      ["locales/kk/common.json", '"nav": {', '"nav": {\n    "home": "Басты бет",'],
      ["locales/ru/common.json", '"nav": {', '"nav": {\n    "home": "Главная",'],
    ],
    "Use it in a template or remove it.",
  ],
  [
    "catalog/identical-to-source",
    "English left in the Kazakh catalog",
    [["locales/kk/common.json", '"Оқиғалар хронологиясы"', '"Timeline"']],
    "Translate it.",
  ],
  [
    "catalog/nesting-cycle",
    "Strings that include each other",
    [
      ["locales/kk/common.json", '"Брифинг",', '"Брифинг $t(document.pressRelease)",'],
      ["locales/kk/common.json", '"Баспасөз релизі"', '"Баспасөз релизі $t(document.briefing)"'],
    ],
    "Remove one of the $t().",
  ],
  [
    "template/syntax",
    "A template syntax error",
    [["templates/briefing.hbs", "<h1>{{headline}}</h1>", "<h1>{{headline}</h1>"]],
    "Close the braces.",
  ],
  [
    "template/missing-partial",
    "A partial that does not exist",
    [["templates/briefing.hbs", "{{> quotes}}", "{{> quote}}"]],
    "Use `{{> quotes}}`.",
  ],
  [
    "translation/number-mismatch",
    "A number changed in translation",
    [[`${A}/ru.md`, "еще 10\u00a0— в северном", "еще 12\u00a0— в северном"]],
    "Write 10, as the facts say.",
  ],
  [
    "translation/stale",
    "The English changed after the translation",
    [[`${A}/en.md`, "sealing off the square", "sealing off the central square"]],
    "Update kk.md and ru.md, then `npx tilpress review`.",
  ],
  [
    "pdf/missing-glyph",
    "A character no font has",
    [[`${A}/ru.md`, "Крупные силы полиции", "Крупные 中 силы полиции"]],
    "Replace the character, or add a font that has it under `fonts.fallback` (docs/fonts.md).",
  ],
];

let md =
  "# Check examples\n\nEach check made to fail on a copy of the bundled data, and what `npx tilpress check` prints.\nGenerated by `node scripts/check-examples.js`; the codes are described in [checks.md](checks.md).\n";
for (const [code, title, edits, fix, extra = []] of examples) {
  const root = mkdtempSync(join(tmpdir(), "tilpress-example-"));
  for (const f of ["data", "locales", "templates"]) cpSync(join(repo, f), join(root, f), { recursive: true });
  for (const [file, from, to] of edits) {
    const path = join(root, file);
    if (from === null) {
      rmSync(path);
      continue;
    }
    const text = readFileSync(path, "utf8");
    if (!text.includes(from)) throw new Error(`${code}: ${file} lacks ${from}`);
    writeFileSync(path, text.replace(from, to));
  }
  const out = spawnSync(process.execPath, [bin, "check", "--root", root, ...extra], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  }).stderr;
  const block = out.split("\n\n").find((b) => b.includes(code));
  if (!block) throw new Error(`${code}: not reported:\n${out}`);
  md += `\n## \`${code}\`: ${title}\n\n\`\`\`\n${block.trim()}\n\`\`\`\n\nFix: ${fix}\n`;
  rmSync(root, { recursive: true, force: true });
}
writeFileSync(join(repo, "docs/check-examples.md"), md);
console.log(`wrote docs/check-examples.md (${examples.length} examples)`);
