import type { Locale } from "../locale/index.js";

/**
 * `email-html`, `text` and `eml`: a newsletter issue in one locale (docs/architecture.md);
 * `xml`: a locale's RSS and Atom feeds and the sitemap (robots.txt is `text`, feed.json `json`).
 */
export type OutputFormat = "html" | "pdf" | "image" | "json" | "xml" | "email-html" | "text" | "eml";

/** What a press room lists of a page besides its headline: the manifest records it with the page. */
export interface PageFacts {
  /** ISO 8601 with the offset it was written with. */
  readonly published: string;
  /** The latest revision (`updated:` or a correction's date) when later than `published`, as written. */
  readonly updated?: string;
  /** The article's kind (`kind:` in article.yaml: `news`, `press-release`, `media-advisory` …). */
  readonly kind: string;
  /** Typeset, in the page's locale. */
  readonly standfirst?: string;
  /** While the page is under embargo: until when (ISO 8601). Public lists leave it out. */
  readonly embargo?: string;
}

/** One file of a build, in memory. Only emit writes it to disk. */
export interface Output {
  /** Relative to the output folder, forward slashes. */
  readonly path: string;
  readonly format: OutputFormat;
  readonly template?: string;
  readonly article?: string;
  readonly locale?: Locale;
  /** Hash of every input the output depends on (see src/build/inputs.ts). */
  readonly inputs?: string;
  /** The headline, for pages: what an index lists. */
  readonly title?: string;
  /** For pages: what else a press room lists. */
  readonly page?: PageFacts;
  readonly contents: Buffer;
}

export interface ManifestEntry {
  readonly path: string;
  readonly article: string | null;
  readonly locale: Locale | null;
  readonly format: OutputFormat;
  readonly template: string | null;
  readonly bytes: number;
  readonly sha256: string;
  readonly inputs: string | null;
  readonly title: string | null;
  /** A page's facts (kind, published, standfirst, embargo while in force); null for other files. */
  readonly page: PageFacts | null;
}

/** A PDF of the output folder as its manifest entry records it (`OutputWriter.keptPdfs`). */
export interface KeptPdf {
  readonly article: string;
  /** The PDF's inputs hash (ManifestEntry.inputs). */
  readonly inputs: string;
  readonly bytes: number;
}

export interface Manifest {
  readonly tool: "tilpress";
  readonly version: string;
  /** "k/n" when this build was one shard of n. */
  readonly shard?: string;
  /**
   * A shard's: the hash of what every shard of one build shares (tool, options, shared data,
   * catalog, templates, config, the selected article ids). `merge` joins only equal ones.
   */
  readonly shardInputs?: string;
  readonly outputs: readonly ManifestEntry[];
}
