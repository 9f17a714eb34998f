// Writes docs/press-room-ru.png, the README's picture of a press room: the Russian press room
// of a build of the bundled project, in Debian's Chromium (playwright-core downloads no browser).
// Usage: npm run compile && node bin/tilpress.js build --out /tmp/dist && node scripts/press-room-screenshot.mjs /tmp/dist
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const dist = resolve(process.argv[2] ?? "dist");
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: { width: 820, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(pathToFileURL(`${dist}/ru/index.html`).href);
  await page.screenshot({ path: new URL("../docs/press-room-ru.png", import.meta.url).pathname });
} finally {
  await browser.close();
}
