import type { Locale } from "../locale/index.js";
import type { YamlData } from "../load/yaml.js";
import type { CheckedImage } from "./images.js";
import type { ArticleFacts, Glossary, LocaleFrontMatter, Outlets } from "./schema.js";

/** One locale's text of an article, validated. */
export interface ArticleText extends LocaleFrontMatter {
  readonly locale: Locale;
  readonly file: string;
  /** Markdown; the first paragraph is the lede. */
  readonly body: string;
  /** 1-based line of the body's first line in the file. */
  readonly bodyLine: number;
  readonly yaml: YamlData;
}

export interface Article {
  readonly id: string;
  /** Absolute path of the article's folder. */
  readonly dir: string;
  /** Images of the facts that were read and checked, by id (filled by the images rule). */
  readonly images: Map<string, CheckedImage>;
  readonly facts: ArticleFacts;
  readonly factsFile: string;
  readonly factsYaml: YamlData;
  readonly texts: Readonly<Record<Locale, ArticleText>>;
}

/** Everything validated: what the model stage turns into view models. */
export interface Content {
  readonly glossary: Glossary;
  readonly outlets: Outlets;
  readonly articles: readonly Article[];
}
