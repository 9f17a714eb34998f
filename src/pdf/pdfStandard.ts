/**
 * The PDF standards a build can write (`--pdf-standard`, `pdfStandard` in the config), and what
 * each asks of the painter. Checked by Apache PDFBox Preflight in tests/pdfa.test.ts.
 */
export const PDF_STANDARDS = ["pdf/a-1b", "pdf/a-2b"] as const;

export type PdfStandard = (typeof PDF_STANDARDS)[number];

export function isPdfStandard(value: string): value is PdfStandard {
  return (PDF_STANDARDS as readonly string[]).includes(value);
}

/** How the painter writes a document for one standard (or for none). */
export interface PdfProfile {
  /** pdfkit's `subset` option: the XMP identification and the sRGB output intent. */
  readonly subset?: "PDF/A-1b" | "PDF/A-2b";
  /**
   * PDF/A-1 is PDF 1.4. pdfkit writes neither object nor cross-reference streams, and nothing
   * here is transparent (images with alpha are set on white, src/validate/images.ts), so the
   * version is all that differs.
   */
  readonly pdfVersion: "1.4" | "1.7";
  /** PDF/A-1 requires a CIDSet naming every glyph of each embedded subset; PDF/A-2 allows it. */
  readonly cidSet: boolean;
}

export function pdfProfile(standard: PdfStandard | undefined): PdfProfile {
  switch (standard) {
    case "pdf/a-1b":
      return { subset: "PDF/A-1b", pdfVersion: "1.4", cidSet: true };
    case "pdf/a-2b":
      return { subset: "PDF/A-2b", pdfVersion: "1.7", cidSet: true };
    case undefined:
      return { pdfVersion: "1.7", cidSet: false };
  }
}
