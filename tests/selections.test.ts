import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selectAll, selectOne } from "css-select";
import type { AnyNode, Element } from "domhandler";
import { textContent } from "domutils";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Manifest, ManifestEntry } from "../src/index.js";
import { edit, parseHtml, projectCopy, REPO } from "./helpers.js";

/**
 * Selections never destroy what they did not select (issue 15): a full build, then each
 * selection run over a copy of its folder through the CLI, must leave the folder exactly as the
 * full build made it — the selected outputs rebuilt with the same bytes, every other file
 * untouched, manifest.json and index.html listing everything.
 */

const BIN = join(REPO, "bin/tilpress.js");
const NEWS = "kazakhstan-rallies-2020-02-22";
const STATEMENT = "referendum-preliminary-results-2026-03-16";
const ADVISORY = "referendum-media-accreditation-2026-02-18";
/** One article of each kind the newsletter, the index and the release layout have to tell apart. */
const KEPT_ARTICLES = [NEWS, STATEMENT, ADVISORY];

const tilpress = (args: readonly string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
};

const made: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), `tilpress-sel-${prefix}-`));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Every entry under `dir` (dotfiles and folders too): a file by its bytes' hash, a folder as "dir". */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(e.parentPath, e.name);
    const rel = path.slice(dir.length + 1);
    out[rel] = e.isDirectory() ? "dir" : createHash("sha256").update(readFileSync(path)).digest("hex");
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Manifest;

/** The bundled project with three articles (news, statement, media advisory) and the newsletter. */
function project(): string {
  const root = projectCopy();
  for (const id of readdirSync(join(root, "data/articles")))
    if (!KEPT_ARTICLES.includes(id)) rmSync(join(root, "data/articles", id), { recursive: true });
  return root;
}

let root: string;
let full: string;

beforeAll(() => {
  root = project();
  full = join(tempDir("full"), "dist");
  const r = tilpress(["build", "--root", root, "--out", full, "--no-cache", "--quiet"]);
  expect(r.code, r.stderr).toBe(0);
}, 300_000);

/** A copy of the full build's folder to run a selection over. */
function copyOfFull(): string {
  const dir = join(tempDir("copy"), "dist");
  cpSync(full, dir, { recursive: true });
  return dir;
}

describe("a selection rebuilds its outputs and keeps the rest (folder equal to the full build)", () => {
  const selections: { args: string[]; makes: (e: ManifestEntry) => boolean }[] = [
    { args: ["--locale", "kk"], makes: (e) => e.locale === "kk" },
    { args: ["--article", "referendum-*"], makes: (e) => e.article?.startsWith("referendum-") ?? false },
    { args: ["--template", "press-release"], makes: (e) => e.template === "press-release" },
    { args: ["--format", "pdf"], makes: (e) => e.format === "pdf" },
    { args: ["--locale", "kk", "--format", "pdf"], makes: (e) => e.locale === "kk" && e.format === "pdf" },
    // The pages link to the PDFs already in the folder (made from the same inputs), with their size.
    { args: ["--format", "html"], makes: (e) => e.format === "html" },
    {
      args: ["--article", STATEMENT, "--locale", "ru", "--format", "html"],
      makes: (e) => e.article === STATEMENT && e.locale === "ru" && e.format === "html",
    },
    {
      args: ["--article", `${NEWS},${ADVISORY}`, "--locale", "ru,en", "--template", "briefing,media-advisory"],
      makes: (e) => (e.article === NEWS || e.article === ADVISORY) && (e.locale === "ru" || e.locale === "en"),
    },
    { args: ["--template", "newsletter"], makes: (e) => e.template === "newsletter" },
  ];
  for (const { args, makes } of selections) {
    it(`build ${args.join(" ")}`, () => {
      const dir = copyOfFull();
      // The selected outputs are removed first: the selection must make them again, byte for byte.
      const selected = manifestOf(full).outputs.filter((e) => e.path !== "index.html" && makes(e));
      expect(selected.length).toBeGreaterThan(0);
      for (const e of selected) rmSync(join(dir, e.path));
      const r = tilpress(["build", "--root", root, "--out", dir, "--no-cache", ...args]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`\\(${selected.length} written`));
      expect(r.stderr).not.toMatch(/removed/);
      expect(snapshot(dir)).toEqual(snapshot(full));
    }, 300_000);
  }

  it("newsletter --locale kk and --issue rebuild their emails and keep the rest", () => {
    const dir = copyOfFull();
    rmSync(join(dir, "newsletter/weekly-2020-02-23/kk.eml"));
    const r = tilpress(["newsletter", "--root", root, "--out", dir, "--locale", "kk"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/3 file\(s\) into .*\(1 written, \d+ unchanged\)/);
    expect(snapshot(dir)).toEqual(snapshot(full));
    const again = tilpress(["newsletter", "--root", root, "--out", dir, "--issue", "weekly-2020-02-23"]);
    expect(again.code, again.stderr).toBe(0);
    expect(snapshot(dir)).toEqual(snapshot(full));
  }, 300_000);

  it("prunes a stale output inside the selection only", () => {
    // An output of an article that is gone, listed in the manifest as a build wrote it.
    const dir = copyOfFull();
    const stale = "kk/gone-2020-01-01/briefing.html";
    const bytes = Buffer.from("<!doctype html><title>gone</title>");
    mkdirSync(join(dir, "kk/gone-2020-01-01"));
    writeFileSync(join(dir, stale), bytes);
    const manifest = manifestOf(dir);
    const entry: ManifestEntry = {
      path: stale,
      article: "gone-2020-01-01",
      locale: "kk",
      format: "html",
      template: "briefing",
      bytes: bytes.byteLength,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      inputs: null,
      title: "gone",
      page: { kind: "news", published: "2020-01-01" },
    };
    writeFileSync(
      join(dir, "manifest.json"),
      JSON.stringify({ ...manifest, outputs: [...manifest.outputs, entry] }, null, 2) + "\n",
    );
    // Not selected by --locale ru: kept, and listed.
    const ru = tilpress(["build", "--root", root, "--out", dir, "--no-cache", "--locale", "ru"]);
    expect(ru.code, ru.stderr).toBe(0);
    expect(existsSync(join(dir, stale))).toBe(true);
    expect(manifestOf(dir).outputs.map((e) => e.path)).toContain(stale);
    // Selected by --locale kk: removed, and the folder is the full build's again.
    const kk = tilpress(["build", "--root", root, "--out", dir, "--no-cache", "--locale", "kk"]);
    expect(kk.code, kk.stderr).toBe(0);
    expect(kk.stderr).toMatch(/1 removed/);
    expect(snapshot(dir)).toEqual(snapshot(full));
  }, 300_000);

  it("an edit built with --locale kk --article <id> changes only that article's Kazakh pages", () => {
    const edited = project();
    edit(edited, `data/articles/${STATEMENT}/kk.md`, "Әбдіров мәлімдеді.", "Әбдіров хабарлады.");
    const dir = copyOfFull();
    const r = tilpress([
      "build",
      "--root",
      edited,
      "--out",
      dir,
      "--no-cache",
      "--locale",
      "kk",
      "--article",
      STATEMENT,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const before = snapshot(full);
    const after = snapshot(dir);
    const changed = Object.keys({ ...before, ...after }).filter((p) => before[p] !== after[p]);
    expect(changed.sort()).toEqual(
      [`kk/${STATEMENT}/press-release.html`, `kk/${STATEMENT}/press-release.pdf`, "manifest.json"].sort(),
    );
    // Kazakh HTML carries soft hyphens: read as a reader sees it.
    const page = readFileSync(join(dir, `kk/${STATEMENT}/press-release.html`), "utf8").replaceAll("\u00ad", "");
    expect(page).toContain("Әбдіров хабарлады.");
    // And it is what a full build of the edited project makes.
    const whole = join(tempDir("edited"), "dist");
    const w = tilpress(["build", "--root", edited, "--out", whole, "--no-cache", "--quiet"]);
    expect(w.code, w.stderr).toBe(0);
    expect(snapshot(dir)).toEqual(snapshot(whole));
  }, 600_000);
});

describe("--format html links a page to the PDF in the folder only when that PDF is the page's now", () => {
  /** The page's PDF links (the head's alternate and the masthead's), as href and label. */
  const pdfLinks = (dir: string, path: string) => {
    const doc = parseHtml(readFileSync(join(dir, path)));
    return [
      ...selectAll<AnyNode, Element>('link[type="application/pdf"]', doc.children).map((l) => [
        l.attribs["href"],
        l.attribs["title"],
      ]),
      ...selectAll<AnyNode, Element>('a[type="application/pdf"]', doc.children).map((a) => [
        a.attribs["href"],
        textContent(a),
      ]),
    ];
  };
  const kkPage = `kk/${STATEMENT}/press-release.html`;
  const kkPdf = `kk/${STATEMENT}/press-release.pdf`;
  /** «PDF, 65 КБ»: binary kilobytes rounded up, as the Kazakh catalog writes them, a no-break space before the unit. */
  const kazakhLabel = (dir: string) => `PDF, ${Math.ceil(readFileSync(join(dir, kkPdf)).byteLength / 1024)}\u00a0КБ`;

  it("after an edit: no PDF link on the edited page (never a wrong size); after a PDF build, the new PDF's", () => {
    const edited = project();
    // Enough new text for the PDF to grow by kilobytes: the old size would be a wrong one.
    const more = "Комиссия дауыс беру нәтижелерін заңда белгіленген тәртіппен жариялайды. ".repeat(12);
    edit(edited, `data/articles/${STATEMENT}/kk.md`, "Әбдіров мәлімдеді.", `Әбдіров хабарлады.\n\n${more}\n\n${more}`);
    const dir = copyOfFull();
    // Before: the full build's page links to its PDF, with its size (relatively: the copy has no baseUrl).
    expect(pdfLinks(dir, kkPage)).toEqual([
      [`../../${kkPdf}`, kazakhLabel(full)],
      [`../../${kkPdf}`, kazakhLabel(full)],
    ]);
    // With the cache: an HTML-only result depends on the PDFs in the folder, which its key must say.
    const html = ["build", "--root", edited, "--out", dir, "--format", "html", "--quiet"];
    const r = tilpress(html);
    expect(r.code, r.stderr).toBe(0);
    // The PDF in the folder was made from the text before the edit: its size may not be the new one's.
    expect(pdfLinks(dir, kkPage)).toEqual([]);
    expect(readFileSync(join(dir, kkPage), "utf8").replaceAll("\u00ad", "")).toContain("Әбдіров хабарлады.");
    // The pages not edited still link to theirs: the same bytes as the full build's.
    for (const path of [`ru/${STATEMENT}/press-release.html`, `kk/${NEWS}/briefing.html`])
      expect(readFileSync(join(dir, path)).equals(readFileSync(join(full, path))), path).toBe(true);

    // The PDFs alone (a selection: the cache keeps the HTML-only result above), then HTML alone
    // again: the folder's PDF is the page's now, so the page links to it, as a full build's does.
    const pdfs = tilpress(["build", "--root", edited, "--out", dir, "--format", "pdf", "--quiet"]);
    expect(pdfs.code, pdfs.stderr).toBe(0);
    expect(pdfLinks(dir, kkPage)).toEqual([]);
    const again = tilpress(html);
    expect(again.code, again.stderr).toBe(0);
    const label = kazakhLabel(dir);
    expect(label).not.toBe(kazakhLabel(full));
    expect(pdfLinks(dir, kkPage)).toEqual([
      [`../../${kkPdf}`, label],
      [`../../${kkPdf}`, label],
    ]);
    const whole = join(tempDir("edited-whole"), "dist");
    const w = tilpress(["build", "--root", edited, "--out", whole, "--no-cache", "--quiet"]);
    expect(w.code, w.stderr).toBe(0);
    expect(snapshot(dir)).toEqual(snapshot(whole));
  }, 600_000);

  it("a PDF missing from the folder, or of another size than its entry says: no PDF link", () => {
    const dir = copyOfFull();
    rmSync(join(dir, kkPdf));
    const ruPdf = `ru/${STATEMENT}/press-release.pdf`;
    writeFileSync(join(dir, ruPdf), Buffer.concat([readFileSync(join(dir, ruPdf)), Buffer.from("\n")]));
    const r = tilpress([
      "build",
      "--root",
      root,
      "--out",
      dir,
      "--no-cache",
      "--format",
      "html",
      "--article",
      STATEMENT,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(pdfLinks(dir, kkPage)).toEqual([]);
    expect(pdfLinks(dir, `ru/${STATEMENT}/press-release.html`)).toEqual([]);
    expect(pdfLinks(dir, `en/${STATEMENT}/press-release.html`)).toHaveLength(2);
  }, 300_000);
});

describe("a usage error exits 2 before anything is written", () => {
  const cases: { args: string[]; message: RegExp }[] = [
    { args: ["build", "--template", "nope"], message: /Unknown template "nope"/ },
    { args: ["build", "--template", "briefing,index"], message: /Unknown template "index"/ },
    { args: ["build", "--locale", "de"], message: /Unknown locale "de"/ },
    { args: ["build", "--format", "docx"], message: /Unknown format "docx"/ },
    { args: ["build", "--article", "nope-*"], message: /No article matches "nope-\*"/ },
    { args: ["build", "--shard", "3/2"], message: /--shard must be k\/n/ },
    { args: ["newsletter", "--issue", "nope"], message: /No newsletter issue "nope"/ },
    { args: ["newsletter", "--locale", "de"], message: /Unknown locale "de"/ },
  ];
  for (const { args, message } of cases) {
    it(
      args.join(" "),
      () => {
        const dir = copyOfFull();
        const before = snapshot(dir);
        const r = tilpress([...args, "--root", root, "--out", dir]);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(message);
        // Not even a lock or a staging folder left behind.
        expect(snapshot(dir)).toEqual(before);
        // And an output folder that does not exist is not made.
        const absent = join(tempDir("absent"), "dist");
        expect(tilpress([...args, "--root", root, "--out", absent]).code).toBe(2);
        expect(existsSync(absent)).toBe(false);
      },
      120_000,
    );
  }
});

describe("page facts in the manifest", () => {
  it("each page's entry carries its kind, date and standfirst; each press room lists it under its kind", () => {
    const manifest = manifestOf(full);
    const statement = manifest.outputs.find((e) => e.path === `en/${STATEMENT}/press-release.html`);
    const yaml = readFileSync(join(root, `data/articles/${STATEMENT}/article.yaml`), "utf8");
    const published = /^published: "?([^"\n]+)"?$/m.exec(yaml)?.[1];
    expect(statement?.page).toMatchObject({ kind: "statement", published });
    expect(statement?.page?.standfirst).toMatch(/^The referendum of 15\sMarch is valid/);
    expect(manifest.outputs.find((e) => e.path === `kk/${NEWS}/briefing.pdf`)?.page?.kind).toBe("news");
    expect(manifest.outputs.find((e) => e.path === "index.html")?.page).toBeNull();

    // Each locale's press room lists a page in its language, under the heading of its kind.
    const sectionOf = (locale: string, path: string) => {
      const room = parseHtml(readFileSync(join(full, locale, "index.html")));
      const section = selectAll("section.room-kind", room).find((s) => selectOne(`a[href$="${path}"]`, s.children));
      return section ? textContent(selectOne("h2", section.children) ?? []).trim() : undefined;
    };
    expect(sectionOf("en", `en/${STATEMENT}/press-release.html`)).toBe("Statements");
    expect(sectionOf("kk", `kk/${STATEMENT}/press-release.pdf`)).toBe("Мәлімдемелер");
    expect(sectionOf("ru", `ru/${ADVISORY}/media-advisory.html`)).toBe("Анонсы для СМИ");
    expect(sectionOf("en", `en/${NEWS}/briefing.html`)).toBe("News");
  });

  it("merged shards give the same folder as one build, manifest and index byte for byte", () => {
    const shards = [1, 2].map((k) => {
      const out = join(tempDir(`shard-${k}`), "dist");
      const r = tilpress(["build", "--root", root, "--out", out, "--no-cache", "--quiet", "--shard", `${k}/2`]);
      expect(r.code, r.stderr).toBe(0);
      return out;
    });
    // Both shards have pages: the merge really joins entries from two folders.
    for (const s of shards) expect(manifestOf(s).outputs.some((e) => e.page)).toBe(true);
    const merged = join(tempDir("merged"), "dist");
    const r = tilpress(["merge", "--root", root, "--out", merged, ...shards]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(merged, "manifest.json"), "utf8")).toBe(readFileSync(join(full, "manifest.json"), "utf8"));
    expect(snapshot(merged)).toEqual(snapshot(full));
  }, 300_000);

  it("a shard built over a full build keeps the other shard's files and lists them", () => {
    const dir = copyOfFull();
    const r = tilpress(["build", "--root", root, "--out", dir, "--no-cache", "--quiet", "--shard", "2/2"]);
    expect(r.code, r.stderr).toBe(0);
    // Every file as the full build made it (a shard makes no index: the full build's stays).
    const files = (d: string) => Object.entries(snapshot(d)).filter(([path]) => path !== "manifest.json");
    expect(files(dir)).toEqual(files(full));
    const { shard, shardInputs, ...listed } = manifestOf(dir);
    expect(shard).toBe("2/2");
    expect(shardInputs).toMatch(/^[0-9a-f]{64}$/);
    expect(listed).toEqual(manifestOf(full));
  }, 300_000);
});

describe("pages of a locale the project no longer builds", () => {
  /** The news article alone, with a baseUrl (feeds) and the given locales. */
  function projectWith(locales: readonly string[]): string {
    const dir = projectCopy();
    for (const id of readdirSync(join(dir, "data/articles")))
      if (id !== NEWS) rmSync(join(dir, "data/articles", id), { recursive: true });
    setLocales(dir, locales);
    return dir;
  }
  const setLocales = (dir: string, locales: readonly string[]) =>
    writeFileSync(
      join(dir, "tilpress.config.json"),
      JSON.stringify({ baseUrl: "https://press.example.org/", locales }, null, 2) + "\n",
    );
  const localesListed = (dir: string) => new Set(manifestOf(dir).outputs.map((e) => e.locale));

  it("a locale taken out of tilpress.config.json: the next build removes its pages and emails", () => {
    const project = projectWith(["en", "kk", "ru"]);
    const out = join(project, "dist");
    expect(tilpress(["build", "--root", project, "--quiet"]).code).toBe(0);
    expect(existsSync(join(out, `ru/${NEWS}/briefing.html`))).toBe(true);
    setLocales(project, ["en", "kk"]);
    // It used to stop with an internal error, exit 2 (No locale profile for "ru"), at every build.
    const r = tilpress(["build", "--root", project, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/locale profile/);
    expect(localesListed(out)).toEqual(new Set(["en", "kk", null]));
    expect(existsSync(join(out, `ru/${NEWS}`))).toBe(false);
    expect(existsSync(join(out, "newsletter/weekly-2020-02-23/ru.eml"))).toBe(false);
    expect(existsSync(join(out, "ru/feed.xml"))).toBe(false);
    expect(existsSync(join(out, `kk/${NEWS}/briefing.pdf`))).toBe(true);
  }, 300_000);

  it("a locale joined once with --locale: a later filtered build removes it, keeps the rest", () => {
    const project = projectWith(["en", "kk"]);
    const out = join(project, "dist");
    expect(tilpress(["build", "--root", project, "--quiet"]).code).toBe(0);
    const joined = tilpress(["build", "--root", project, "--quiet", "--locale", "ru"]);
    expect(joined.code, joined.stderr).toBe(0);
    expect(localesListed(out)).toEqual(new Set(["en", "kk", "ru", null]));
    const r = tilpress(["build", "--root", project, "--quiet", "--locale", "kk", "--article", NEWS]);
    expect(r.code, r.stderr).toBe(0);
    expect(localesListed(out)).toEqual(new Set(["en", "kk", null]));
    expect(existsSync(join(out, `ru/${NEWS}`))).toBe(false);
    expect(existsSync(join(out, `en/${NEWS}/briefing.html`))).toBe(true);
  }, 300_000);
});

describe("pages of the project's own template", () => {
  /** The news and statement articles, a template of the project's own and its masthead in each catalog. */
  function projectWithFactSheet(): string {
    const dir = projectCopy();
    for (const id of readdirSync(join(dir, "data/articles")))
      if (id !== NEWS && id !== STATEMENT) rmSync(join(dir, "data/articles", id), { recursive: true });
    writeFileSync(
      join(dir, "templates/fact-sheet.hbs"),
      '<!doctype html>\n<html lang="{{locale}}"><head><meta charset="utf-8"><title>{{headline}}</title></head>' +
        "<body><main><h1>{{headline}}</h1></main></body></html>\n",
    );
    for (const [locale, name] of [
      ["en", "Fact sheet"],
      ["kk", "Анықтама"],
      ["ru", "Справка"],
    ] as const)
      edit(dir, `locales/${locale}/common.json`, '"document": {', `"document": {\n    "fact-sheet": "${name}",`);
    return dir;
  }
  const factSheets = (out: string) =>
    manifestOf(out)
      .outputs.filter((e) => e.template === "fact-sheet")
      .map((e) => e.path);

  it("are kept by a build without --template, removed with their article, and with their template", () => {
    const project = projectWithFactSheet();
    const out = join(project, "dist");
    const args = ["build", "--root", project, "--quiet", "--format", "html"];
    expect(tilpress(args).code).toBe(0);
    const made = tilpress([...args, "--template", "fact-sheet"]);
    expect(made.code, made.stderr).toBe(0);
    expect(factSheets(out)).toHaveLength(6);
    // A build of the shipped templates leaves them as a filter does.
    expect(tilpress(args).code).toBe(0);
    expect(factSheets(out)).toHaveLength(6);
    // The statement deleted: its fact sheets are stale and go with its other pages (they stayed
    // published, in the press rooms and the manifest).
    rmSync(join(project, "data/articles", STATEMENT), { recursive: true });
    expect(tilpress(args).code).toBe(0);
    expect(factSheets(out)).toEqual(["en", "kk", "ru"].map((l) => `${l}/${NEWS}/fact-sheet.html`));
    expect(existsSync(join(out, `kk/${STATEMENT}`))).toBe(false);
    expect(readFileSync(join(out, "kk/index.html"), "utf8")).not.toContain(STATEMENT);
    // The template deleted: no build can make its pages again.
    rmSync(join(project, "templates/fact-sheet.hbs"));
    expect(tilpress(args).code).toBe(0);
    expect(factSheets(out)).toEqual([]);
    expect(existsSync(join(out, `kk/${NEWS}/fact-sheet.html`))).toBe(false);
  }, 300_000);
});
