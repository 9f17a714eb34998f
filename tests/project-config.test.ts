import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DIAGNOSTIC_CODES } from "../src/core/codes.js";
import { resolveConfig } from "../src/config.js";
import { projectConfigJsonSchema, ProjectConfigSchema } from "../src/projectConfig.js";
import { projectCopy, REPO, SEED } from "./helpers.js";

const BIN = join(REPO, "bin/tilpress.js");
const tilpress = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const withConfig = (text: string) => {
  const root = projectCopy();
  writeFileSync(join(root, "tilpress.config.json"), text);
  return root;
};

describe("tilpress.config.json's JSON Schema", () => {
  it("the shipped schema/tilpress.config.schema.json is the one the code checks with (npm run config-schema)", () => {
    const shipped = JSON.parse(readFileSync(join(REPO, "schema/tilpress.config.schema.json"), "utf8"));
    expect(shipped).toEqual(JSON.parse(JSON.stringify(projectConfigJsonSchema())));
    expect(Object.keys(shipped.properties).sort()).toEqual(Object.keys(ProjectConfigSchema.shape).sort());
    expect(shipped.additionalProperties).toBe(false);
    // Editors complete rule names from it.
    expect(shipped.properties.rules.propertyNames.enum).toEqual([...DIAGNOSTIC_CODES]);
  });

  it("is in the package's files", () => {
    const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8"));
    expect(pkg.files).toContain("schema");
  });
});

describe("mistakes in tilpress.config.json are usage errors at their line and column, with a suggestion", () => {
  it.each([
    [
      '{\n  "rules": { "catalog/unused-key": "off" },\n  "pagesize": "Letter"\n}\n',
      'tilpress.config.json:3:3: unknown setting "pagesize". Did you mean "pageSize"?',
    ],
    [
      '{\n  "rules": {\n    "translation/stail": "error"\n  }\n}\n',
      'tilpress.config.json:3:5: unknown rule "translation/stail". Did you mean "translation/stale"?',
    ],
    [
      '{\n  "rules": { "translation/stale": "fatal" }\n}\n',
      'rules.translation/stale must be "error", "warning", "off"',
    ],
    [
      '{\n  "locales": ["kk", "de_DE"]\n}\n',
      'tilpress.config.json:2:21: locales.1: "de_DE" is not a locale id: a BCP 47 tag of a language',
    ],
    [
      '{\n  "locales": ["kk", "de-de"]\n}\n',
      'tilpress.config.json:2:21: locales.1: "de-de" is not a canonical BCP 47 locale id: write "de-DE"',
    ],
    ['{\n  "locales": ["en", "xx"]\n}\n', 'locales.1: "xx" is not a locale id'],
    [
      '{\n  "locales": ["en", "ru"],\n  "source": "kk"\n}\n',
      'tilpress.config.json:3:13: source: "kk" is not one of `locales`',
    ],
    ['{\n  "source": "de"\n}\n', 'source: "de" is not one of the default locales (en, kk, ru)'],
    [
      '{\n  "locales": ["en", "kk", "kk-Latn"],\n  "source": "kk-Latn"\n}\n',
      'tilpress.config.json:3:13: source: "kk-Latn" is made from kk; name the locale it is written in',
    ],
    [
      '{\n  "localeSettings": { "de": { "name": "Deutsch" } }\n}\n',
      'tilpress.config.json:2:23: localeSettings: "de" is not one of the default locales (en, kk, ru)',
    ],
    [
      '{\n  "locales": ["en", "de"],\n  "localeSettings": { "de": { "dash": "long" } }\n}\n',
      'localeSettings.de.dash must be "spaced", "spaced-en", "closed"',
    ],
    ['{\n  "jobs": 0\n}\n', "jobs: Too small"],
    [
      '{\n  "baseUrl": "ftp://press.example.org/"\n}\n',
      'tilpress.config.json:2:14: baseUrl must be an http(s) URL, not "ftp://press.example.org/"',
    ],
    [
      '{\n  "baseUrl": "press.example.org"\n}\n',
      'tilpress.config.json:2:14: baseUrl must be an absolute URL like https://press.example.org/, not "press.example.org"',
    ],
    // Each of baseUrl's problems at its place in the file, as the schema's are.
    [
      '{\n  "baseUrl": "https://press.example.org/?lang=kk"\n}\n',
      'tilpress.config.json:2:14: baseUrl must not carry a query, fragment or credentials: "https://press.example.org/?lang=kk"',
    ],
    [
      '{\n  "jobs": 2,\n  "baseUrl": "https://press.example.org/press#top"\n}\n',
      "tilpress.config.json:3:14: baseUrl must not carry a query, fragment or credentials",
    ],
    [
      '{\n  "baseUrl": "https://editor:secret@press.example.org/"\n}\n',
      "tilpress.config.json:2:14: baseUrl must not carry a query, fragment or credentials",
    ],
    ['{\n  "rules": {\n}\n', "tilpress.config.json:4:1: not valid JSON"],
    // YAML reads these; JSON, and every other tool that opens the file, does not.
    ['{\n  "jobs": 2,\n}\n', "tilpress.config.json:3:1: not valid JSON (Expected double-quoted property name)"],
    ['{\n  "jobs": 0x2\n}\n', "tilpress.config.json:2:12: not valid JSON"],
    ['# settings\n{ "jobs": 2 }\n', "tilpress.config.json:1:1: not valid JSON (Unexpected token '#')"],
    ["{\n  jobs: 2\n}\n", "tilpress.config.json:2:3: not valid JSON"],
    // Neither JSON nor YAML: JSON's words at JSON's place, not YAML's ("Unexpected scalar at node end").
    [
      '{\n  "jobs": 2 // two cores\n}\n',
      "tilpress.config.json:2:13: not valid JSON (Expected ',' or '}' after property value): the file is JSON",
    ],
    [
      '{ "jobs": 2 } // two cores\n',
      "tilpress.config.json:1:15: not valid JSON (Unexpected non-whitespace character after JSON):",
    ],
  ])("%j", (config, message) => {
    const root = withConfig(config);
    const r = tilpress(["check", "--root", root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("the project's defaults", () => {
  it("baseUrl is resolved to end in a slash so output paths resolve under it; an option overrides it", () => {
    const root = withConfig(JSON.stringify({ baseUrl: "https://press.example.org/kz" }));
    expect(resolveConfig({ root }).baseUrl).toBe("https://press.example.org/kz/");
    expect(resolveConfig({ root, baseUrl: "http://localhost:8080" }).baseUrl).toBe("http://localhost:8080/");
    expect(() => resolveConfig({ root, baseUrl: "https://press.example.org/?lang=kk" })).toThrow(/query/);
    expect(resolveConfig({ root: withConfig("{}") }).baseUrl).toBeUndefined();
  });

  it("locales, out, page size, PDF standard and jobs come from the config; options override them", () => {
    const root = withConfig(
      JSON.stringify({
        $schema: "./node_modules/tilpress/schema/tilpress.config.schema.json",
        locales: ["kk"],
        out: "public",
        pageSize: "Letter",
        pdfStandard: "pdf/a-1b",
        jobs: 1,
      }),
    );
    const r = tilpress(["build", "--root", root, "--format", "pdf", "--template", "briefing"]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(root, "dist"))).toBe(false);
    expect(readdirSync(join(root, "public"))).toEqual(expect.arrayContaining(["kk", "manifest.json"]));
    expect(readdirSync(join(root, "public"))).not.toContain("en");
    const pdf = readFileSync(join(root, "public/kk", SEED, "briefing.pdf")).toString("latin1");
    expect(pdf).toMatch(/\/MediaBox \[0 0 612 792\]/); // Letter
    const xmp = spawnSync("pdfinfo", ["-meta", join(root, "public/kk", SEED, "briefing.pdf")], { encoding: "utf8" });
    expect(xmp.stdout).toContain("<pdfaid:part>1</pdfaid:part>");
    const en = tilpress(["build", "--root", root, "--locale", "en", "--out", join(root, "other"), "--format", "html"]);
    expect(en.code, en.stderr).toBe(0);
    expect(readdirSync(join(root, "other"))).toContain("en");
  }, 60_000);
});
