/**
 * What lib/bundle/tilpress.js and worker.js load first (bundled as lib/bundle/start.cjs by
 * scripts/bundle.js): the program's bundle with its code cache, and `tilpress --version`, which
 * is answered before the 3 MB program is read (`node bench/cli-startup.js 10`: 91–107 ms; 159 ms
 * when it read the program first, docs/performance.md).
 */
import { VERSION } from "../version.js";

export { runBundle } from "./codeCache.js";

/** The version line when the command line is only `--version` or `-v` (the CLI prints the same for any other form). */
export function versionOnly(argv: readonly string[]): string | undefined {
  return argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v") ? `${VERSION}\n` : undefined;
}
