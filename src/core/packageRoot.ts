import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder of the installed tilpress package: its default templates and catalog live there.
 * The nearest folder above this module with a package.json: the module is in src/core/,
 * lib/core/ or, bundled, in lib/bundle/ (scripts/bundle.js).
 */
export const PACKAGE_ROOT = ((): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
