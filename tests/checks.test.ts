import { describe, expect, it } from "vitest";
import { build, type Diagnostic } from "../src/index.js";
import { edit, lineOf, projectCopy, write } from "./helpers.js";

function find(diagnostics: readonly Diagnostic[], code: string): Diagnostic {
  const d = diagnostics.find((x) => x.code === code);
  if (!d) throw new Error(`no ${code} in ${JSON.stringify(diagnostics, null, 1)}`);
  return d;
}

describe("catalog usage checks", () => {
  it("a key no template or code uses", () => {
    const root = projectCopy();
    edit(root, "locales/en/common.json", '"nav": {', '"nav": {\n    "home": "Home",');
    const d = find(build({ root }).diagnostics, "catalog/unused-key");
    expect(d).toMatchObject({ severity: "warning", file: "locales/en/common.json", pointer: "/nav/home", line: lineOf(root, "locales/en/common.json", '"home"') });
  });

  it("plural strings rendered at the probe counts: a missing form is named with the counts it breaks", () => {
    const root = projectCopy();
    edit(root, "locales/ru/units.json", /^  "days_many": .*\n/m, "");
    const d = find(build({ root }).diagnostics, "catalog/plural-probe");
    expect(d).toMatchObject({ severity: "error", locale: "ru", file: "locales/ru/units.json" });
    expect(d.message).toContain("`units:days` has no ru text for 0 (many), 5 (many), 11 (many), 25 (many), 111 (many)");
  });

  it("a $t() nesting cycle", () => {
    const root = projectCopy();
    edit(root, "locales/kk/common.json", '"Брифинг",', '"Брифинг $t(document.pressRelease)",');
    edit(root, "locales/kk/common.json", '"Баспасөз релизі"', '"Баспасөз релизі $t(document.briefing)"');
    const d = find(build({ root }).diagnostics, "catalog/nesting-cycle");
    expect(d).toMatchObject({ locale: "kk", file: "locales/kk/common.json" });
    expect(d.message).toMatch(/`document\.(briefing|pressRelease)` → `document\.(pressRelease|briefing)` → `document\.(briefing|pressRelease)`/);
  });

  it("a translation that is just the English, unless allowed in tilpress.config.json", () => {
    const root = projectCopy();
    edit(root, "locales/ru/common.json", '"Хронология"', '"Timeline"');
    const d = find(build({ root }).diagnostics, "catalog/identical-to-source");
    expect(d).toMatchObject({ severity: "warning", locale: "ru", pointer: "/briefing/timeline", line: lineOf(root, "locales/ru/common.json", '"Timeline"') });
    write(root, "tilpress.config.json", JSON.stringify({ identicalAllowed: ["briefing.timeline"] }));
    expect(build({ root }).diagnostics.filter((x) => x.code === "catalog/identical-to-source")).toEqual([]);
  });

  it("a partial that does not exist, at the template line", () => {
    const root = projectCopy();
    edit(root, "templates/briefing.hbs", "{{> quotes}}", "{{> quote}}");
    const d = find(build({ root }).diagnostics, "template/missing-partial");
    expect(d).toMatchObject({ file: "templates/briefing.hbs", line: lineOf(root, "templates/briefing.hbs", "{{> quote}}"), column: 5 });
  });
});

describe("policy", () => {
  it("tilpress.config.json turns a check off or into an error", () => {
    const root = projectCopy();
    for (const [l, home] of [["en", "Home"], ["kk", "Басты бет"], ["ru", "Главная"]]) edit(root, `locales/${l}/common.json`, '"nav": {', `"nav": {\n    "home": "${home}",`);
    expect(find(build({ root }).diagnostics, "catalog/unused-key").severity).toBe("warning");
    write(root, "tilpress.config.json", JSON.stringify({ rules: { "catalog/unused-key": "off" } }));
    expect(build({ root }).diagnostics.filter((x) => x.code === "catalog/unused-key")).toEqual([]);
    write(root, "tilpress.config.json", JSON.stringify({ rules: { "catalog/unused-key": "error" } }));
    const strictByPolicy = build({ root });
    expect(find(strictByPolicy.diagnostics, "catalog/unused-key").severity).toBe("error");
    expect(strictByPolicy.errorCount).toBe(1);
  });

  it("a broken tilpress.config.json is a usage error naming the setting", () => {
    const root = projectCopy();
    write(root, "tilpress.config.json", JSON.stringify({ rules: { "catalog/unused-key": "loud" } }));
    expect(() => build({ root })).toThrow(/rules\."catalog\/unused-key" must be "error", "warning" or "off"/);
    write(root, "tilpress.config.json", "{ nope");
    expect(() => build({ root })).toThrow(/tilpress\.config\.json: not valid JSON/);
  });
});
