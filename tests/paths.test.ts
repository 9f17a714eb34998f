import { selectAll } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { getAttributeValue } from "domutils";
import { describe, expect, it } from "vitest";
import { SUPPORTED_LOCALES } from "../src/locale/index.js";
import {
  imagePath,
  INDEX_PATH,
  MANIFEST_PATH,
  newsletterIssueOf,
  newsletterPath,
  outputUrl,
  pagePath,
  parseImagePath,
  parsePagePath,
  relativeHref,
  type PageRef,
} from "../src/core/paths.js";
import { build } from "../src/index.js";
import { pageUrl, routeOf } from "../src/preview/routes.js";
import { parseHtml, png, SEED, withImage } from "./helpers.js";

const page = (over: Partial<PageRef> = {}): PageRef => ({
  locale: "kk",
  article: SEED,
  template: "briefing",
  format: "html",
  ...over,
});

/** One output of every kind the build writes. */
const KINDS: Readonly<Record<string, string>> = {
  "page html": pagePath(page()),
  "page pdf": pagePath(page({ locale: "ru", template: "press-release", format: "pdf" })),
  image: imagePath(SEED, "rally.png"),
  "image in a folder": imagePath(SEED, "photos/rally.png"),
  index: INDEX_PATH,
  manifest: MANIFEST_PATH,
  "email html": newsletterPath("weekly-2020-02-23", "en", "html"),
  "email text": newsletterPath("weekly-2020-02-23", "kk", "txt"),
  eml: newsletterPath("weekly-2020-02-23", "ru", "eml"),
};

describe("output paths", () => {
  it("name every kind of output as the build has always written it", () => {
    expect(KINDS).toEqual({
      "page html": `kk/${SEED}/briefing.html`,
      "page pdf": `ru/${SEED}/press-release.pdf`,
      image: `assets/${SEED}/rally.png`,
      "image in a folder": `assets/${SEED}/photos/rally.png`,
      index: "index.html",
      manifest: "manifest.json",
      "email html": "newsletter/weekly-2020-02-23/en.html",
      "email text": "newsletter/weekly-2020-02-23/kk.txt",
      eml: "newsletter/weekly-2020-02-23/ru.eml",
    });
  });

  it("link every pair of outputs so that the link resolves to the target", () => {
    const dist = "https://press.example/dist/";
    for (const from of Object.values(KINDS)) {
      for (const to of Object.values(KINDS)) {
        const href = relativeHref(from, to);
        expect(new URL(href, dist + from).href, `${from} → ${to}`).toBe(dist + to);
      }
    }
  });

  it("link through dist/, as the pages always have", () => {
    const here = KINDS["page html"]!;
    expect(relativeHref(here, pagePath(page({ locale: "ru" })))).toBe(`../../ru/${SEED}/briefing.html`);
    expect(relativeHref(here, here)).toBe(`../../kk/${SEED}/briefing.html`);
    expect(relativeHref(here, KINDS["image"]!)).toBe(`../../assets/${SEED}/rally.png`);
    expect(relativeHref(here, INDEX_PATH)).toBe("../../index.html");
    expect(relativeHref(INDEX_PATH, here)).toBe(here);
    expect(relativeHref(KINDS["email html"]!, here)).toBe(`../../kk/${SEED}/briefing.html`);
  });

  it("make absolute URLs under a base URL, with or without its trailing slash", () => {
    for (const base of ["https://press.example/kz", "https://press.example/kz/"]) {
      expect(outputUrl(base, KINDS["page pdf"]!)).toBe(`https://press.example/kz/ru/${SEED}/press-release.pdf`);
    }
  });

  it("parse back what they build", () => {
    for (const locale of SUPPORTED_LOCALES) {
      for (const template of ["briefing", "press-release", "own.template"]) {
        for (const format of ["html", "pdf"] as const) {
          const ref = page({ locale, template, format });
          expect(parsePagePath(pagePath(ref))).toEqual(ref);
        }
      }
    }
    expect(parseImagePath(KINDS["image in a folder"]!)).toEqual({ article: SEED, file: "photos/rally.png" });
    expect(newsletterIssueOf(KINDS["eml"]!)).toBe("weekly-2020-02-23");
    for (const other of [
      INDEX_PATH,
      MANIFEST_PATH,
      KINDS["image"]!,
      `kk/${SEED}/briefing.html/x`,
      "kk/briefing.html",
    ]) {
      expect(parsePagePath(other), other).toBeUndefined();
    }
    for (const other of [INDEX_PATH, KINDS["page html"]!, `assets/${SEED}`]) {
      expect(parseImagePath(other), other).toBeUndefined();
      expect(newsletterIssueOf(other), other).toBeUndefined();
    }
  });
});

describe("the preview's routes and the build's paths", () => {
  const root = withImage("rally.png", png(40, 30));
  const result = build({ root, formats: ["html", "pdf"] });
  const paths = new Set(result.outputs.map((o) => o.path));

  it("route every page and image the build writes to what the build made it from", () => {
    const pages = result.outputs.filter((o) => o.format === "html" || o.format === "pdf");
    expect(pages.length).toBeGreaterThan(0);
    for (const o of result.outputs) {
      const route = routeOf(o.path.split("/"));
      if (o.path === INDEX_PATH) expect(route).toEqual({ kind: "index" });
      else if (o.format === "image") expect(route).toEqual({ kind: "asset", path: o.path, article: o.article });
      else if (o.article)
        expect(route).toEqual({
          kind: "page",
          path: o.path,
          locale: o.locale,
          article: o.article,
          template: o.template,
          format: o.format,
        });
      else expect(route).toEqual({ kind: "output", path: o.path });
    }
  });

  it("link the preview's pages at the build's paths", () => {
    const ref = page({ template: "briefing", format: "pdf" });
    expect(pageUrl(ref)).toBe(`/${pagePath(ref)}`);
    expect(paths.has(pageUrl(ref).slice(1))).toBe(true);
  });

  it("write every link between pages to an output of the build", () => {
    const html = result.outputs.filter((o) => o.format === "html" && o.article);
    expect(html.length).toBeGreaterThan(0);
    for (const o of html) {
      const doc = parseHtml(o.contents);
      const links = [
        ...selectAll<AnyNode, Element>('.masthead a, link[rel="alternate"]', doc).map(
          (a) => getAttributeValue(a, "href") ?? "",
        ),
        ...selectAll<AnyNode, Element>("img", doc).map((img) => getAttributeValue(img, "src") ?? ""),
      ];
      expect(links.length).toBeGreaterThan(2);
      for (const href of links) {
        const target = new URL(href, `https://press.example/${o.path}`).pathname.slice(1);
        expect(paths.has(decodeURIComponent(target)), `${o.path} → ${href}`).toBe(true);
      }
    }
  });
});
