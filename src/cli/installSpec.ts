import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import npa from "npm-package-arg";

/** Where the running tilpress came from, and the new project that is to depend on it. */
export interface InstallSpecOptions {
  /** The running package's folder (its package.json is there). */
  readonly packageRoot: string;
  /** The running package's version. */
  readonly version: string;
  /** The folder the new project's package.json will be in (its final place, not a temp folder). */
  readonly projectDir: string;
}

type DependencyFields = Partial<Record<"dependencies" | "devDependencies" | "optionalDependencies", unknown>>;

/** The spec the project that has tilpress in its node_modules asked for, if it names one. */
function hostSpec(hostDir: string): string | undefined {
  const file = join(hostDir, "package.json");
  if (!existsSync(file)) return undefined;
  let pkg: DependencyFields;
  try {
    pkg = JSON.parse(readFileSync(file, "utf8")) as DependencyFields;
  } catch {
    return undefined;
  }
  for (const field of ["dependencies", "devDependencies", "optionalDependencies"] as const) {
    const deps = pkg[field];
    if (deps && typeof deps === "object" && typeof (deps as Record<string, unknown>)["tilpress"] === "string")
      return (deps as Record<string, string>)["tilpress"];
  }
  return undefined;
}

/** A `file:` spec for a local path, relative to the project (npm resolves it from there). */
function fileSpec(target: string, projectDir: string): string {
  const path = relative(projectDir, target).split(sep).join("/");
  return `file:${path.startsWith(".") ? path : `./${path}`}`;
}

/**
 * The spec a scaffolded project's package.json gives for tilpress, so that `npm install` there
 * gets the same tilpress that made it: the host project's own spec when it is a tarball, a
 * folder, a git repository or a URL (npm-package-arg reads it as npm does; paths are rewritten
 * relative to the new project), the package's folder when it runs from a checkout rather than
 * from node_modules, and otherwise (a registry install, a global one) the published range.
 */
export function tilpressInstallSpec({ packageRoot, version, projectDir }: InstallSpecOptions): string {
  const published = `^${version}`;
  const parent = dirname(packageRoot);
  if (basename(parent) !== "node_modules") return fileSpec(packageRoot, projectDir);
  const hostDir = dirname(parent);
  const spec = hostSpec(hostDir);
  if (spec === undefined) return published;
  let parsed: npa.Result;
  try {
    parsed = npa.resolve("tilpress", spec, hostDir);
  } catch {
    return published;
  }
  if (parsed.registry || parsed.type === "alias") return published;
  if ((parsed.type === "file" || parsed.type === "directory") && parsed.fetchSpec)
    return fileSpec(parsed.fetchSpec, projectDir);
  return parsed.saveSpec ?? parsed.rawSpec;
}
