import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { getElementsByTagName, textContent } from "domutils";
import { parseDocument } from "htmlparser2";
import { beforeAll, describe, expect, it } from "vitest";
import { reviewTranslations } from "../src/cli/review.js";
import { bundledPages, edit, png, REPO, SEED, SEED_DIR, withImage } from "./helpers.js";

/**
 * PDF/A checked by a real validator: Apache PDFBox Preflight (Debian's libpdfbox2-java, with
 * libjaxb-api-java and libactivation-java, which .ci/run installs). Preflight validates
 * PDF/A-1b only, so a pdf/a-2b file is held to every rule of PDF/A-1b that PDF/A-2 keeps.
 */
const CLASSPATH = ["preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "jaxb-api", "javax.activation"].map(
  (jar) => `/usr/share/java/${jar}.jar`,
);

/**
 * Preflight's errors that are rules of PDF/A-1 alone, with why PDF/A-2 (ISO 19005-2) differs:
 * - 7.11.2 "part must be 1": a PDF/A-2 file says pdfaid:part 2.
 * - 2.2.1, 2.2.2 transparency groups and soft masks: PDF/A-2 allows transparency (6.4).
 * - 1.4.8 optional content (OCProperties): PDF/A-2 allows it (6.10).
 * Every other error of a pdf/a-2b file fails the test.
 */
const PDFA1_ONLY = new Set(["7.11.2", "2.2.1", "2.2.2", "1.4.8"]);

interface PreflightResult {
  readonly valid: boolean;
  /** "code: details", one per error Preflight found. */
  readonly errors: readonly string[];
}

/** Preflight on many files in one JVM (its "xml group" mode), by file in the order given. */
function preflight(files: readonly string[], dir: string): PreflightResult[] {
  const list = join(dir, "preflight-files.txt");
  writeFileSync(list, `${files.join("\n")}\n`);
  execFileSync(
    "java",
    ["-cp", CLASSPATH.join(":"), "org.apache.pdfbox.preflight.Validator_A1b", "xml", "group", list],
    { stdio: "pipe", maxBuffer: 64 << 20 },
  );
  const xml = execFileSync("cat", [`${list}.preflight.xml`], { encoding: "utf8" });
  const doc = parseDocument(xml, { xmlMode: true });
  const reports = getElementsByTagName("preflight", doc);
  expect(reports.map((r) => r.attribs["name"])).toEqual(files.map((f) => basename(f)));
  return reports.map((report) => ({
    valid: textContent(getElementsByTagName("isValid", report)).trim() === "true",
    errors: getElementsByTagName("error", report).map(
      (e) =>
        `${textContent(getElementsByTagName("code", e)).trim()}: ${textContent(getElementsByTagName("details", e)).trim()}`,
    ),
  }));
}

function pdfsUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".pdf"))
    .sort()
    .map((f) => join(dir, f));
}

const HEADLINE = "More Than 100 Detained As Police Try To Block Opposition Rallies In Kazakhstan";
const MARKED_UP = 'More Than 100 Detained & <Held> As "Police" Try To Block Rallies';

describe("PDF/A, validated by Apache PDFBox Preflight", () => {
  const dir = mkdtempSync(join(tmpdir(), "tilpress-pdfa-"));
  const built: Record<"pdf/a-1b" | "pdf/a-2b", string[]> = { "pdf/a-1b": [], "pdf/a-2b": [] };
  let results: PreflightResult[] = [];

  beforeAll(() => {
    // Every bundled article, the seed with an RGBA photo and XML's markup characters in its
    // English headline (they go into the XMP metadata).
    const root = withImage("square.png", png(48, 32));
    edit(root, `${SEED_DIR}/en.md`, `headline: ${HEADLINE}`, `headline: '${MARKED_UP}'`);
    reviewTranslations(root, undefined, ["en", "kk", "ru"]);
    for (const standard of ["pdf/a-1b", "pdf/a-2b"] as const) {
      const out = join(dir, standard.replace("/", "-"));
      const args = ["build", "--root", root, "--out", out, "--format", "pdf", "--no-cache"];
      const r = spawnSync(process.execPath, [join(REPO, "bin/tilpress.js"), ...args, "--pdf-standard", standard], {
        encoding: "utf8",
      });
      expect(r.status, r.stderr + r.stdout).toBe(0);
      built[standard] = pdfsUnder(out);
    }
    results = preflight([...built["pdf/a-1b"], ...built["pdf/a-2b"]], dir);
  }, 120_000);

  it("builds every bundled page in every locale, the seed's with its photo", () => {
    for (const [standard, files] of Object.entries(built)) {
      expect(files).toHaveLength(bundledPages().length * 3);
      const out = join(dir, standard.replace("/", "-"));
      for (const locale of ["en", "kk", "ru"]) {
        const seed = join(out, locale, SEED, "briefing.pdf");
        expect(files).toContain(seed);
        // The RGBA PNG is set on white: an RGB image with no soft mask.
        expect(execFileSync("pdfimages", ["-list", seed], { encoding: "utf8" })).toMatch(
          /\n\s*1\s+0\s+image\s+48\s+32\s+rgb\s+3\s+8\s/,
        );
      }
    }
  });

  it("pdf/a-1b: Preflight finds no error in any file", () => {
    const files = built["pdf/a-1b"];
    const failures = files.map((file, i) => ({ file, ...results[i]! })).filter((r) => !r.valid || r.errors.length);
    expect(failures).toEqual([]);
  });

  it("pdf/a-2b: Preflight finds no error that PDF/A-2 shares with PDF/A-1", () => {
    const offset = built["pdf/a-1b"].length;
    built["pdf/a-2b"].forEach((file, i) => {
      const { errors } = results[offset + i]!;
      // The identification says part 2: the one PDF/A-1-only error every file has.
      expect(errors, file).toContain("7.11.2: Error on MetaData, part must be 1");
      expect(
        errors.filter((e) => !PDFA1_ONLY.has(e.split(":")[0]!)),
        file,
      ).toEqual([]);
    });
  });

  it("qpdf --check passes; PDF/A-1b is PDF 1.4, PDF/A-2b PDF 1.7", () => {
    for (const [standard, files] of Object.entries(built))
      for (const file of files) {
        expect(() => execFileSync("qpdf", ["--check", file], { stdio: "pipe" }), file).not.toThrow();
        const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
        expect(info).toMatch(standard === "pdf/a-1b" ? /PDF version:\s+1\.4/ : /PDF version:\s+1\.7/);
      }
  });

  it("an unknown standard is a usage error naming the known ones, and no file is written", () => {
    const out = join(dir, "unknown");
    const r = spawnSync(
      process.execPath,
      [join(REPO, "bin/tilpress.js"), "build", "--out", out, "--format", "pdf", "--pdf-standard", "pdf/a-3b"],
      { cwd: REPO, encoding: "utf8" },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Unknown PDF standard "pdf/a-3b": tilpress knows pdf/a-1b and pdf/a-2b');
    // (The CLI takes the output folder's lock before it reads the options: the folder may exist, empty.)
    expect(existsSync(out) ? readdirSync(out, { recursive: true }) : []).toEqual([]);
  });

  it("the XMP metadata carries the headline's markup characters as text, equal to the Info title", () => {
    const file = built["pdf/a-1b"].find((f) => f.endsWith(`/en/${SEED}/briefing.pdf`))!;
    const xmp = parseDocument(execFileSync("pdfinfo", ["-meta", file], { encoding: "utf8" }), {
      xmlMode: true,
      decodeEntities: true,
    });
    const title = getElementsByTagName("dc:title", xmp);
    // The headline as typeset: a no-break space after the number, English quotation marks.
    const typeset = "More Than 100\u00a0Detained & <Held> As “Police” Try To Block Rallies";
    expect(textContent(title).trim()).toBe(typeset);
    expect(execFileSync("pdfinfo", [file], { encoding: "utf8" })).toContain(`Title:           ${typeset}`);
    const part = getElementsByTagName("pdfaid:part", xmp);
    expect(textContent(part)).toBe("1");
  });
});
