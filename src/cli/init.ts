import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PACKAGE_ROOT } from "../config.js";
import { UsageError } from "../core/errors.js";
import { VERSION } from "../version.js";

/**
 * Scaffold a data repository that uses tilpress as a dependency: the default templates and
 * catalog to customize, the glossary and outlet, and the bundled article as an example.
 */
export function initProject(dir: string): string[] {
  const target = resolve(dir);
  if (existsSync(target) && readdirSync(target).some((n) => ["data", "templates", "locales"].includes(n))) {
    throw new UsageError(`${target} already has data/, templates/ or locales/: init does not overwrite a project`);
  }
  mkdirSync(target, { recursive: true });
  const created: string[] = [];
  for (const folder of ["templates", "locales", "data"]) {
    cpSync(join(PACKAGE_ROOT, folder), join(target, folder), { recursive: true });
    created.push(`${folder}/`);
  }
  if (!existsSync(join(target, "package.json"))) {
    const pkg = {
      name: "briefings",
      private: true,
      type: "module",
      scripts: { build: "tilpress build", check: "tilpress check", newsletter: "tilpress newsletter" },
      devDependencies: { tilpress: `^${VERSION}` },
    };
    writeFileSync(join(target, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
    created.push("package.json");
  }
  if (!existsSync(join(target, ".gitignore"))) {
    writeFileSync(join(target, ".gitignore"), "node_modules/\ndist/\n.tilpress-cache/\n");
    created.push(".gitignore");
  }
  return created;
}
