import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPreview, type PreviewServer } from "../src/preview/server.js";
import { edit, launchChromium, lineOf, REPO, SEED, SEED_DIR } from "./helpers.js";
import { everyKind, FIXTURES } from "./kindFixtures.js";

/** The preview in a real browser: Debian's Chromium (tests/helpers.ts `launchChromium`). */
const ARTIFACTS = join(REPO, "test-artifacts", "preview");
const LOCALES = ["en", "kk", "ru"] as const;
/** The bundled news item's briefing and a page of every other kind (tests/kindFixtures.ts). */
const PAGES = [{ article: SEED, page: "briefing" }, ...FIXTURES.map((f) => ({ article: f.id, page: f.page }))];

let root: string;
let server: PreviewServer;
let context: BrowserContext;
let page: Page;
let closeBrowser: (() => Promise<void>) | undefined;

// Launching Chromium beside the rest of the suite took more than vitest's default 10 s once
// (as tests/css-chromium.test.ts allows for its own launch).
beforeAll(async () => {
  root = everyKind();
  server = await startPreview({ build: { root }, port: 0 });
  ({ context, close: closeBrowser } = await launchChromium());
  page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await closeBrowser?.();
  await server?.close();
});

/** Open a preview page and wait until its live-reload channel is connected. */
async function open(path: string): Promise<void> {
  await page.goto(new URL(path, server.url).href);
  await page.waitForSelector("html[data-tilpress-live=connected]");
}

describe("tilpress preview in Chromium", () => {
  it("index → a briefing → the same briefing in another locale → its PDF", async () => {
    await open("/");
    await page.click(`a[href="/en/${SEED}/briefing.html"]`);
    await page.waitForURL(`**/en/${SEED}/briefing.html`);
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.textContent("h1")).toBe(
      // Typeset: a no-break space keeps the number with its word.
      "More Than 100\u00a0Detained As Police Try To Block Opposition Rallies In Kazakhstan",
    );

    // The language switcher keeps the place: same article, same template.
    await page.click('nav.languages a[hreflang="kk"]');
    await page.waitForURL(`**/kk/${SEED}/briefing.html`);
    expect(await page.getAttribute("html", "lang")).toBe("kk");
    expect(await page.textContent(".masthead .kind")).toBe("Брифинг");
    await page.click('nav.languages a[hreflang="ru"]');
    await page.waitForURL(`**/ru/${SEED}/briefing.html`);
    expect(await page.getAttribute("html", "lang")).toBe("ru");

    await open("/");
    const [pdf] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/kk/${SEED}/briefing.pdf`)),
      page.click(`a[href="/kk/${SEED}/briefing.pdf"]`),
    ]);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    // Chromium hands the bytes to its PDF viewer; read them again over the same context.
    expect((await (await page.request.get(pdf.url())).body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("axe finds no violations on a page of every kind or a newsletter in any locale, nor on the index; a screenshot of each briefing", async () => {
    const pages = [
      "/",
      ...LOCALES.flatMap((l) => [
        ...PAGES.map((p) => `/${l}/${p.article}/${p.page}.html`),
        `/newsletter/weekly-2020-02-23/${l}.html`,
      ]),
    ];
    for (const path of pages) {
      await open(path);
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect([
        path,
        violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
      ]).toEqual([path, []]);
      const briefing = new RegExp(`^/(\\w+)/${SEED}/briefing\\.html$`).exec(path);
      if (briefing) {
        const file = join(ARTIFACTS, `${briefing[1]}-${briefing[2]}-briefing.png`);
        await page.screenshot({ path: file, fullPage: true });
        expect(readFileSync(file).subarray(1, 4).toString("latin1")).toBe("PNG");
      }
    }
    // The same check does see a violation when there is one: an image without alt text.
    await page.evaluate(
      "document.querySelector('main, [role=main]').append(Object.assign(document.createElement('img'), { src: 'data:,' }))",
    );
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.map((v) => v.id)).toContain("image-alt");
    // A page of every kind in three locales, each rendered on request: more than the default minute.
  }, 240_000);

  it("a saved data file updates every open page without a manual reload, more tabs than a browser's six connections per host", async () => {
    await open(`/en/${SEED}/briefing.html`);
    const tabs = await Promise.all(Array.from({ length: 7 }, () => context.newPage()));
    try {
      for (const tab of tabs) {
        await tab.goto(new URL(`/en/${SEED}/briefing.html`, server.url).href);
        await tab.waitForSelector("html[data-tilpress-live=connected]");
      }
      // A wording change: a changed number would also be a number mismatch in kk and ru.
      const saved = Date.now();
      edit(root, `${SEED_DIR}/en.md`, "headline: More Than 100 Detained", "headline: More Than 100 Held");
      await page.locator("h1", { hasText: "More Than 100 Held" }).waitFor({ timeout: 10_000 });
      // Within a second of the save on a quiet machine; the margin is for a loaded CI runner.
      expect(Date.now() - saved).toBeLessThan(3_000);
      for (const tab of tabs) await tab.locator("h1", { hasText: "More Than 100 Held" }).waitFor({ timeout: 10_000 });
    } finally {
      await Promise.all(tabs.map((tab) => tab.close()));
    }
  });

  it("a broken file shows an overlay with file:line:column and a code frame, all escaped; fixing it clears it", async () => {
    await open(`/kk/${SEED}/briefing.html`);
    const facts = `${SEED_DIR}/article.yaml`;
    edit(root, facts, "dateline: almaty", "dateline: almatty # <b>x</b>");
    const overlay = page.locator("#tilpress-overlay");
    await overlay.waitFor({ state: "visible", timeout: 10_000 });
    const line = lineOf(root, facts, "dateline: almatty");
    const text = (await overlay.textContent()) ?? "";
    expect(text).toContain(`${facts}:${line}:11`);
    expect(text).toContain("data/unknown-id");
    expect(text).toContain("Unknown place id `almatty`");
    expect(text).toContain("hint: Did you mean `almaty`?");
    expect(await overlay.locator(".frame .marked").textContent()).toBe(`> ${line} | dateline: almatty # <b>x</b>`);
    expect(await overlay.locator(".frame .caret").textContent()).toBe(
      `  ${" ".repeat(String(line).length)} | ${" ".repeat(10)}^`,
    );
    // The data was printed as text, never parsed as markup.
    expect(await overlay.locator("b").count()).toBe(0);
    // The overlay sits on the last good render of the page.
    expect(await page.getAttribute("html", "lang")).toBe("kk");
    expect(await page.locator("article h1").count()).toBe(1);

    edit(root, facts, "dateline: almatty # <b>x</b>", "dateline: almaty");
    await overlay.waitFor({ state: "detached", timeout: 10_000 });
    expect(await page.locator("article h1").count()).toBe(1);
  });

  it("a YAML syntax error saved by `sed -i` (a rename) shows the overlay, and fixing it the same way clears it, twice", async () => {
    await open(`/ru/${SEED}/briefing.html`);
    const facts = join(root, SEED_DIR, "article.yaml");
    const overlay = page.locator("#tilpress-overlay");
    for (let round = 0; round < 2; round++) {
      execFileSync("sed", ["-i", "s/^dateline: almaty$/dateline: [almaty/", facts]);
      await overlay.waitFor({ state: "visible", timeout: 10_000 });
      expect(await overlay.locator("[data-code]").first().getAttribute("data-code")).toBe("data/yaml-syntax");
      execFileSync("sed", ["-i", "s/^dateline: \\[almaty$/dateline: almaty/", facts]);
      await overlay.waitFor({ state: "detached", timeout: 10_000 });
      expect(await page.getAttribute("html", "lang")).toBe("ru");
      expect(await page.locator("article h1").count()).toBe(1);
      expect(readFileSync(facts, "utf8")).toContain("\ndateline: almaty\n");
    }
  });
});
