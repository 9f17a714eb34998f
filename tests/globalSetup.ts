import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The tool cache (shaped words, compiled templates: src/emit/toolCache.ts) of a test run is a
 * folder of its own, shared by every test and CLI the run starts and removed at the end: a run
 * neither reads what the user's tilpress left in ~/.cache nor leaves anything there.
 */
export default function setup(): () => void {
  if (process.env.TILPRESS_TOOL_CACHE) return () => {};
  const dir = mkdtempSync(join(tmpdir(), "tilpress-tests-tool-cache-"));
  process.env.TILPRESS_TOOL_CACHE = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
