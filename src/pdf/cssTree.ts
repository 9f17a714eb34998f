import { createRequire } from "node:module";
import type * as CssTree from "css-tree";

let loaded: typeof CssTree | undefined;

/**
 * css-tree, loaded when a stylesheet is first parsed rather than when the PDF modules are: its
 * load took 40-60 ms of every cold build (`--cpu-prof`, 2026-12-03), and a build whose
 * stylesheets come from the tool cache (src/pdf/stylesheetStore.ts) parses none.
 */
export function cssTree(): typeof CssTree {
  return (loaded ??= createRequire(import.meta.url)("css-tree") as typeof CssTree);
}
