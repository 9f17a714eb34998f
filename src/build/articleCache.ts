import { join } from "node:path";
import { projectFiles, type ResolvedConfig } from "../config.js";
import type { Diagnostic } from "../core/diagnostic.js";
import {
  BuildCache,
  loadStoredOutput,
  type StoredArticle,
  type StoredOutput,
  type StoredOutputId,
} from "../emit/buildCache.js";
import type { Output } from "../emit/output.js";
import { sha256 } from "../core/hash.js";
import type { ArticleResult } from "./buildArticle.js";
import { embargoLiftedRecently, underEmbargo } from "../model/embargo.js";
import { FileHashes } from "../emit/fileHashes.js";
import { folderInputsKey, sharedInputsKey } from "./inputs.js";
import { isSelection } from "./selection.js";

/**
 * Where a run keeps its cache entries: a build in the cache folder, `check` in its `.check`
 * subfolder. Their keys differ anyway (`checkOnly` is an input), but each prunes what it did not
 * use, so sharing a folder would make a build throw away every check entry and the reverse; a
 * build's prune leaves dot-folders alone, and check and build do not wait for each other's lock.
 */
export function cacheFolder(config: Pick<ResolvedConfig, "cacheDir" | "checkOnly">): string | undefined {
  if (config.cacheDir === undefined) return undefined;
  return config.checkOnly ? join(config.cacheDir, ".check") : config.cacheDir;
}

/** An article's result as replayed from the cache. */
export interface Replayed {
  readonly diagnostics: readonly Diagnostic[];
  readonly skipped: StoredArticle["skipped"];
  /** Bytes read and checked (a build that returns its outputs in memory). */
  readonly outputs: readonly Output[];
  /** Bytes left in the cache (a streamed build, which reads them only where dist/ differs). */
  readonly deferred: readonly StoredOutput[];
}

/**
 * The incremental cache as every build path uses it: one key per selected article (its folder
 * and the shared inputs), the hits among them, their replay, and the results to store. Without
 * a cache folder nothing is looked up or kept.
 */
export class ArticleCache {
  readonly keys = new Map<string, string>();
  readonly hits = new Map<string, StoredArticle>();
  /** Embargoed articles with a cache entry: whether their embargo is in force now. */
  readonly embargoes = new Map<string, boolean>();
  /** The shared inputs' key, part of every key (empty without a cache). */
  readonly shared: string;
  /** The hashes of the files the keys read, by stat (a build's own look-up, not a chunk's). */
  readonly fileHashes: FileHashes | undefined;

  private constructor(
    readonly store: BuildCache | undefined,
    private readonly config: ResolvedConfig,
    ids: readonly string[],
    { indexed, inPlace }: { indexed: boolean; inPlace: ((output: StoredOutputId) => boolean) | undefined },
  ) {
    this.fileHashes = store && indexed ? FileHashes.load(store.dir) : undefined;
    this.shared = store ? sharedInputsKey(config, this.fileHashes) : "";
    if (!store) return;
    const files = projectFiles(config);
    for (const id of ids) {
      const folder = join(config.dataDir, "articles", id);
      const key = keptPdfsKey(config, id, folderInputsKey(files, folder, this.shared, this.fileHashes));
      this.keys.set(id, key);
      const hit = config.force ? undefined : store.peek(key, inPlace);
      // An embargoed article built before its embargo passed is stale after (and the reverse).
      const active = hit?.embargo ? underEmbargo(hit.embargo.until, config.now) : undefined;
      if (active !== undefined) this.embargoes.set(id, active);
      // Its warning (`embargo/lifted`) is replayed only while it is true.
      const lifted = hit?.embargo ? embargoLiftedRecently(hit.embargo.until, config.now) : undefined;
      const same = active === hit?.embargo?.active && lifted === (hit?.embargo?.lifted ?? false);
      if (hit && (active === undefined || same)) this.hits.set(id, hit);
    }
  }

  /**
   * Keys and hits of the selected articles (`config.cacheDir` unset: an empty cache). A build's
   * own look-up (`indexed`) hashes the files through the cache folder's `FileHashes`; a chunk
   * of a parallel build, which reads its articles anyway, does not load it.
   */
  static lookUp(
    config: ResolvedConfig,
    ids: readonly string[],
    {
      enabled = config.cacheDir !== undefined,
      indexed = false,
      inPlace,
    }: {
      enabled?: boolean;
      indexed?: boolean;
      /** Outputs dist/ has already (OutputWriter.inPlace): their cached copies are not checked. */
      inPlace?: (output: StoredOutputId) => boolean;
    } = {},
  ): ArticleCache {
    const folder = cacheFolder(config);
    return new ArticleCache(enabled && folder ? new BuildCache(folder) : undefined, config, ids, { indexed, inPlace });
  }

  /** Keep the file hashes for the next build (after every key this build makes is made). */
  saveFileHashes(): void {
    this.fileHashes?.save({ keepOthers: isSelection(this.config) });
  }

  /** A hit's diagnostics, skipped locales and outputs: read now, or `deferred` with the bytes left in the cache. */
  replay(id: string, { deferred }: { deferred: boolean }): Replayed | undefined {
    const hit = this.hits.get(id);
    if (!hit) return undefined;
    return {
      diagnostics: hit.diagnostics,
      skipped: hit.skipped,
      outputs: deferred ? [] : hit.outputs.map(loadStoredOutput),
      deferred: deferred ? hit.outputs : [],
    };
  }

  /** Keep a freshly built article's result under its key. */
  keep(id: string, result: ArticleResult, diagnostics: readonly Diagnostic[]): void {
    const key = this.keys.get(id);
    if (!this.store || !key) return;
    const { skipped, outputs, embargo } = result;
    this.store.write(key, { diagnostics, skipped, outputs, ...(embargo ? { embargo } : {}) });
  }
}

/**
 * An article's key with the kept PDFs its pages may link to (an HTML-only build's pages link to
 * them, `BuildOptions.keptPdfs`): another PDF in the output folder is another result.
 */
function keptPdfsKey(config: ResolvedConfig, id: string, key: string): string {
  const kept = Object.entries(config.keptPdfs).filter(([, pdf]) => pdf.article === id);
  return kept.length === 0
    ? key
    : sha256(`${key}\u0000kept-pdfs\u0000${JSON.stringify(kept.sort(([a], [b]) => (a < b ? -1 : 1)))}`);
}

/** Outputs and diagnostics of one finishing step, fresh or replayed from the cache. */
export interface Finished {
  readonly outputs: readonly Output[];
  readonly stored: readonly StoredOutput[];
  readonly diagnostics: readonly Diagnostic[];
}

interface Made {
  readonly outputs: readonly Output[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The finishing steps of a streamed build (newsletters, the catalog's diagnostics, index.html),
 * each cached under a key of what it depends on (`what`) and the shared inputs.
 */
export class FinishingCache {
  /** Keys this build used or wrote: a full build prunes the rest. */
  readonly keys: string[] = [];

  constructor(
    private readonly store: BuildCache | undefined,
    private readonly force: boolean,
    private readonly shared: string,
  ) {}

  /** A step's result from the cache, or undefined (no cache, `--force`, or not there). */
  peek(what: string): Finished | undefined {
    if (!this.store) return undefined;
    const key = this.key(what);
    if (!this.keys.includes(key)) this.keys.push(key);
    const hit = this.force ? undefined : this.store.peek(key);
    return hit ? { outputs: [], stored: hit.outputs, diagnostics: hit.diagnostics } : undefined;
  }

  /** Keep a step's fresh result. */
  keep(what: string, made: Made): void {
    if (!this.store) return;
    const key = this.key(what);
    if (!this.keys.includes(key)) this.keys.push(key);
    this.store.write(key, { diagnostics: made.diagnostics, skipped: [], outputs: made.outputs });
  }

  /** Replayed if cached, else made (and kept). */
  async record(what: string, make: () => Promise<Made> | Made): Promise<Finished> {
    const hit = this.peek(what);
    if (hit) return hit;
    const made = await make();
    this.keep(what, made);
    return { ...made, stored: [] };
  }

  private key(what: string): string {
    return sha256(`${this.shared}\u0000${what}`);
  }
}
