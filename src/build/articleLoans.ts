import { join } from "node:path";
import { projectFiles, type ResolvedConfig } from "../config.js";
import type { Diagnostic } from "../core/diagnostic.js";
import { sha256 } from "../core/hash.js";
import type { ParsedArticle } from "../load/loadProject.js";
import type { Article } from "../validate/content.js";
import { hashFolder, sharedDataKey } from "./inputs.js";

/** An article as loading and validating it left it, and what each stage reported. */
export interface LoadedArticle {
  readonly parsed: ParsedArticle;
  /** What loading reported (YAML, files). */
  readonly loading: readonly Diagnostic[];
  /** The article as validated; undefined when its errors keep it out. */
  readonly article: Article | undefined;
  /** What validating reported. */
  readonly checking: readonly Diagnostic[];
}

/**
 * Articles the newsletters loaded and validated, lent to the build that follows in the same
 * thread, which would load and validate them again: in a cold build of the bundled project, the
 * newsletters' second reading of their stories was some 75 ms of 2.1 s (`--cpu-prof`,
 * 2026-12-03). A loan is named by everything the article's loading and validation read (its
 * folder's files, the glossary and outlets, the policy, the locales), so an article edited in
 * between is read again; it is taken once, so what is kept is at most the newsletters' stories.
 */
export class ArticleLoans {
  readonly #lent = new Map<string, { readonly key: string; readonly loaded: LoadedArticle }>();

  lend(config: ResolvedConfig, id: string, loaded: LoadedArticle): void {
    this.#lent.set(id, { key: loanKey(config, id), loaded });
  }

  /** The ids lent and not yet taken. */
  get ids(): string[] {
    return [...this.#lent.keys()];
  }

  /** The article lent under `id`, if its inputs are still the same; taken out either way. */
  take(config: ResolvedConfig, id: string): LoadedArticle | undefined {
    const lent = this.#lent.get(id);
    if (!lent) return undefined;
    this.#lent.delete(id);
    return lent.key === loanKey(config, id) ? lent.loaded : undefined;
  }
}

function loanKey(config: ResolvedConfig, id: string): string {
  const parts = [sharedDataKey(config), config.locales.join(","), config.profiles.source];
  hashFolder(projectFiles(config), join(config.dataDir, "articles", id), parts);
  return sha256(parts.join("\u0000"));
}
