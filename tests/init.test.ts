import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selectOne } from "css-select";
import type { Element } from "domhandler";
import { textContent } from "domutils";
import { afterAll, describe, expect, it } from "vitest";
import { tilpressInstallSpec } from "../src/cli/installSpec.js";
import { shellWord } from "../src/cli/init.js";
import { BIN, parseHtml, REPO } from "./helpers.js";

const made: string[] = [];
// Two installed node_modules (about 13,000 files) take a while to remove on a busy disk.
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
}, 120_000);
function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

/** Environment for child npm: the outer `npm test`'s own npm_* variables (its prefix, its script) left out. */
const KEPT_NPM = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"]);
const ENV: NodeJS.ProcessEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_") || KEPT_NPM.has(k.toLowerCase())),
  ),
  NO_COLOR: "1",
  // No network: everything must come from npm's cache (filled by the repository's `npm ci`).
  npm_config_offline: "true",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

function run(command: string, args: string[], cwd: string) {
  const r = spawnSync(command, args, { cwd, encoding: "utf8", env: ENV });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const tilpressIn = (packageRoot: string, args: string[], cwd: string) =>
  run(process.execPath, [join(packageRoot, "bin/tilpress.js"), ...args], cwd);
const tilpress = (args: string[], cwd: string) => tilpressIn(REPO, args, cwd);

/**
 * A lockfile for a folder whose package.json depends on the packed tilpress, from the
 * repository's package-lock.json: npm's cache holds every dependency's tarball (by integrity)
 * after `npm ci`, but not the registry's metadata, and with no network npm can only resolve
 * from a lockfile. The tarball itself is installed as npm installs it; only resolving is done here.
 */
function writeLockfile(dir: string): void {
  const own = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
  const field = own["dependencies"] ? "dependencies" : "devDependencies";
  const spec = (own[field] as Record<string, string>)["tilpress"]!;
  const dev = field === "devDependencies" ? { dev: true } : {};
  const repoLock = JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")) as {
    packages: Record<string, Record<string, unknown>>;
  };
  const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as Record<string, unknown>;
  const packages: Record<string, unknown> = {
    "": { name: own["name"], [field]: { tilpress: spec } },
    "node_modules/tilpress": {
      version: pkg["version"],
      resolved: spec,
      license: pkg["license"],
      dependencies: pkg["dependencies"],
      bin: pkg["bin"],
      engines: pkg["engines"],
      ...dev,
    },
  };
  for (const [path, entry] of Object.entries(repoLock.packages)) {
    if (path === "" || entry["dev"] || entry["link"]) continue;
    const name = (entry["name"] as string | undefined) ?? path.slice(path.lastIndexOf("node_modules/") + 13);
    const { devOptional, ...rest } = entry;
    packages[path] = {
      ...rest,
      resolved: `https://registry.npmjs.org/${name}/-/${name.split("/").pop()}-${String(entry["version"])}.tgz`,
      ...(devOptional ? { optional: true } : {}),
      ...dev,
    };
  }
  const lock = { name: own["name"], lockfileVersion: 3, requires: true, packages };
  writeFileSync(join(dir, "package-lock.json"), JSON.stringify(lock, null, 2) + "\n");
}

/** Text as read: no-break spaces as spaces, no-break hyphens as hyphens, soft hyphens invisible. */
const plain = (s: string) =>
  s
    .replace(/[\u00a0\u202f]/g, " ")
    .replace(/\u2011/g, "-")
    .replace(/\u00ad\s*/g, "")
    .replace(/\s+/g, " ")
    .trim();
const headlineOf = (file: string) =>
  plain(textContent(selectOne("h1", parseHtml(readFileSync(file)).children) as Element));
const pdfText = (file: string) => plain(execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }));

describe("tilpress from its packed package", () => {
  it("installs offline, inits a project that installs, builds and checks with zero errors and one warning (no baseUrl yet)", () => {
    const dir = tempDir("tilpress-pack-");
    // lib/ is compiled by `npm test`'s pretest; packing skips `prepack` rather than compile again.
    const pack = run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], REPO);
    expect(pack.code, pack.stderr).toBe(0);
    const tarball = pack.stdout.trim().split("\n").at(-1)!;
    expect(tarball).toMatch(/^tilpress-\d+\.\d+\.\d+\.tgz$/);
    const listing = execFileSync("tar", ["tzf", join(dir, tarball)], { encoding: "utf8" });
    for (const shipped of ["package/scaffold/README.md", "package/data/outlets.yaml", "package/lib/cli/init.js"])
      expect(listing).toContain(shipped);

    // An empty folder, the tarball installed into it as `npm install ../tilpress-x.y.z.tgz` would.
    const app = join(dir, "app");
    mkdirSync(app);
    writeFileSync(
      join(app, "package.json"),
      JSON.stringify({ name: "app", private: true, dependencies: { tilpress: `file:../${tarball}` } }),
    );
    writeLockfile(app);
    const install = run("npm", ["install", "--offline"], app);
    expect(install.code, install.stderr).toBe(0);
    // No install script to approve: npm 11 asked every project installing the package to approve
    // the `prepare` it used to have (never run from a tarball).
    const installed = JSON.parse(readFileSync(join(app, "node_modules/tilpress/package.json"), "utf8")) as {
      scripts?: Record<string, string>;
    };
    const installScripts = ["preinstall", "install", "postinstall", "prepare"];
    expect(Object.keys(installed.scripts ?? {}).filter((s) => installScripts.includes(s))).toEqual([]);

    // The README's library sample, as written, in a TypeScript project of the strictest settings
    // (no skipLibCheck): the package's declarations must compile with what it installs.
    const sample = /## Library API\n+```ts\n([\s\S]*?)```/.exec(readFileSync(join(REPO, "README.md"), "utf8"))?.[1];
    expect(sample).toContain('from "tilpress"');
    writeFileSync(join(app, "sample.ts"), sample!);
    writeFileSync(
      join(app, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          module: "nodenext",
          target: "es2022",
          outDir: "out",
        },
        files: ["sample.ts"],
      }),
    );
    const tsc = run(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "-p", "."], app);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.code).toBe(0);

    const init = run("npx", ["--offline", "tilpress", "init", "site"], app);
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    const site = join(app, "site");
    expect(init.stdout).toBe(
      `Created ${site}: .gitignore, README.md, data/, locales/, package.json, templates/, tilpress.config.json\n` +
        "Next: cd site && npm install && npm run build\n" +
        "Before publishing, set baseUrl in tilpress.config.json to the address dist/ is served from " +
        "(canonical links, feeds, the sitemap and the emails' links need it; check warns site/no-base-url until then)\n",
    );
    const scaffold = JSON.parse(readFileSync(join(site, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    // The same tarball, found from the new project.
    expect(scaffold.devDependencies).toEqual({ tilpress: `file:../../${tarball}` });
    // What the scaffold's README tells the user to run is what package.json has.
    const readme = readFileSync(join(site, "README.md"), "utf8");
    for (const script of Object.keys(scaffold.scripts)) expect(readme).toContain(`npm run ${script}`);
    expect(Object.keys(scaffold.scripts).sort()).toEqual(["build", "check", "newsletter", "preview"]);

    writeLockfile(site);
    const siteInstall = run("npm", ["install", "--offline"], site);
    expect(siteInstall.code, siteInstall.stderr).toBe(0);
    expect(existsSync(join(site, "node_modules/.bin/tilpress"))).toBe(true);

    const build = run("npm", ["run", "--silent", "build"], site);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stderr).toMatch(
      /Built 30 files for 5 article\(s\), 9 newsletter files and 5 site files into dist\/ \(44 written, 0 unchanged\); .*; 0 error\(s\), 0 warning\(s\)/,
    );
    const feature = join(site, "dist/kk/saiga-comeback-2023-12-12");
    expect(readdirSync(feature).sort()).toEqual(["briefing.html", "briefing.pdf"]);
    expect(headlineOf(join(feature, "briefing.html"))).toBe(
      "21 000-нан екі миллионға жуық: киік Қазақстан даласына қалай оралды",
    );
    expect(pdfText(join(feature, "briefing.pdf"))).toContain(
      "21 000-нан екі миллионға жуық: киік Қазақстан даласына қалай оралды",
    );
    expect(headlineOf(join(site, "dist/ru/saiga-comeback-2023-12-12/briefing.html"))).toBe(
      "От 21 000 почти до двух миллионов: как сайгак вернулся в казахстанскую степь",
    );
    expect(existsSync(join(site, "dist/en/referendum-media-accreditation-2026-02-18/media-advisory.pdf"))).toBe(true);
    expect(existsSync(join(site, "dist/newsletter/weekly-2020-02-23/kk.eml"))).toBe(true);

    const check = run("npm", ["run", "--silent", "check"], site);
    expect(check.code, check.stderr).toBe(0);
    // The one warning: a new project does not know yet where it will be published (baseUrl).
    expect(check.stderr).toContain("site/no-base-url");
    expect(check.stderr).toMatch(/Checked 5 article\(s\); 3 locale\(s\); 0 error\(s\), 1 warning\(s\)/);
  }, 180_000);
});

describe("tilpress init makes the project folder as the user's umask says", () => {
  it("0755 under umask 022, 0700 under 077: not mkdtemp's private 0700 whatever the umask", () => {
    for (const [mask, mode] of [
      ["022", 0o755],
      ["077", 0o700],
    ] as const) {
      const parent = mkdtempSync(join(tmpdir(), "tilpress-umask-"));
      const r = spawnSync("sh", ["-c", `umask ${mask} && exec "${process.execPath}" "$0" init newsroom`, BIN], {
        cwd: parent,
        encoding: "utf8",
      });
      expect(r.status, r.stderr).toBe(0);
      expect(statSync(join(parent, "newsroom")).mode & 0o777, mask).toBe(mode);
    }
  });
});

describe("tilpress init refuses", () => {
  /** Usage errors: one line on stderr, exit 2, and the parent folder as it was. */
  function refused(args: string[], cwd: string, message: string) {
    const before = readdirSync(cwd).sort();
    const r = tilpress(args, cwd);
    expect(r.stderr).toBe(`tilpress: ${message}\n`);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(readdirSync(cwd).sort()).toEqual(before);
  }

  it("no folder name, a second argument, a non-empty folder, a file, or a folder whose parent is missing", () => {
    const cwd = tempDir("tilpress-init-usage-");
    refused(["init"], cwd, "init needs the name of the folder to create: tilpress init <dir>");
    refused(["init", "a", "b"], cwd, 'Unexpected argument "b": tilpress init <dir>');
    mkdirSync(join(cwd, "taken"));
    writeFileSync(join(cwd, "taken/notes.txt"), "mine\n");
    refused(
      ["init", "taken"],
      cwd,
      `${join(cwd, "taken")} is not empty: init creates a project in a new or empty folder`,
    );
    expect(readdirSync(join(cwd, "taken"))).toEqual(["notes.txt"]);
    writeFileSync(join(cwd, "file"), "");
    refused(["init", "file"], cwd, `${join(cwd, "file")} exists and is not a folder`);
    refused(
      ["init", "no/such/site"],
      cwd,
      `${join(cwd, "no/such")} does not exist: init creates the project's folder, not the folders above it`,
    );
  });

  it("a --base-url that is not an absolute http(s) address, before anything is made", () => {
    const cwd = tempDir("tilpress-init-base-url-");
    refused(
      ["init", "site", "--base-url", "press.example.org"],
      cwd,
      'baseUrl must be an absolute URL like https://press.example.org/, not "press.example.org"',
    );
    refused(
      ["init", "site", "--base-url", "ftp://press.example.org/"],
      cwd,
      'baseUrl must be an http(s) URL, not "ftp://press.example.org/"',
    );
  });

  it("fills an existing empty folder", () => {
    const cwd = tempDir("tilpress-init-empty-");
    mkdirSync(join(cwd, "site"));
    expect(tilpress(["init", "site"], cwd).code).toBe(0);
    expect(readdirSync(join(cwd, "site")).sort()).toEqual([
      ".gitignore",
      "README.md",
      "data",
      "locales",
      "package.json",
      "templates",
      "tilpress.config.json",
    ]);
    expect(readdirSync(cwd)).toEqual(["site"]);
    // The current folder, when empty: filled in place (the shell's folder is not replaced).
    const here = join(cwd, "here");
    mkdirSync(here);
    const r = tilpress(["init", "."], here);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      `Created ${here}: .gitignore, README.md, data/, locales/, package.json, templates/, tilpress.config.json\n` +
        "Next: npm install && npm run build\n" +
        "Before publishing, set baseUrl in tilpress.config.json to the address dist/ is served from " +
        "(canonical links, feeds, the sitemap and the emails' links need it; check warns site/no-base-url until then)\n",
    );
    expect(readdirSync(here)).toContain("package.json");
    expect(readdirSync(cwd).sort()).toEqual(["here", "site"]);
  });

  it("leaves a folder another init is filling (its claim is there) untouched", () => {
    const cwd = tempDir("tilpress-init-claimed-");
    mkdirSync(join(cwd, "site"));
    // What a concurrent init makes first, exclusively, before moving its entries in.
    writeFileSync(join(cwd, "site", ".tilpress-init-claim"), "12345\n");
    const r = tilpress(["init", "site"], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `tilpress: ${join(cwd, "site")} is not empty: init creates a project in a new or empty folder\n`,
    );
    expect(readdirSync(join(cwd, "site"))).toEqual([".tilpress-init-claim"]);
    expect(readdirSync(cwd)).toEqual(["site"]);
  });

  it("leaves nothing behind when it fails half-way, and a rerun then works", () => {
    // A copy of the package that lacks one example article: the copy fails after others were made.
    const pkg = tempDir("tilpress-broken-package-");
    for (const entry of ["bin", "lib", "templates", "locales", "data", "scaffold", "package.json"])
      cpSync(join(REPO, entry), join(pkg, entry), { recursive: true });
    symlinkSync(join(REPO, "node_modules"), join(pkg, "node_modules"));
    const example = join(pkg, "data/articles/saiga-comeback-2023-12-12");
    const aside = join(pkg, "aside");
    cpSync(example, aside, { recursive: true });
    rmSync(example, { recursive: true });

    const cwd = tempDir("tilpress-init-atomic-");
    const r = tilpressIn(pkg, ["init", "site"], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")).toHaveLength(2); // one line, no stack trace
    expect(r.stderr).toMatch(
      new RegExp(
        `^tilpress: init could not create ${join(cwd, "site")} \\(ENOENT: .*saiga-comeback-2023-12-12.*\\); nothing was created\\n$`,
      ),
    );
    expect(readdirSync(cwd)).toEqual([]);

    cpSync(aside, example, { recursive: true });
    const again = tilpressIn(pkg, ["init", "site"], cwd);
    expect(again.code, again.stderr).toBe(0);
    expect(readdirSync(cwd)).toEqual(["site"]);
    expect(readdirSync(join(cwd, "site/data/articles"))).toContain("saiga-comeback-2023-12-12");
  });
});

describe("init stopped, long names, the hint", () => {
  it("Ctrl-C while it copies leaves nothing behind: no temporary folder, no project; exit 130", () => {
    const cwd = tempDir("tilpress-init-stopped-");
    // The fault hook sends SIGINT once the scaffold is in the temporary folder (src/cli/init.ts).
    const r = spawnSync(process.execPath, [join(REPO, "bin/tilpress.js"), "init", "site"], {
      cwd,
      encoding: "utf8",
      env: { ...ENV, TILPRESS_FAULT: "init-copied" },
    });
    expect(r.status, r.stderr).toBe(130);
    expect(r.stderr).toBe("tilpress: init stopped by SIGINT; nothing was created\n");
    expect(readdirSync(cwd)).toEqual([]);
    // An existing empty folder stays empty.
    mkdirSync(join(cwd, "here"));
    const here = spawnSync(process.execPath, [join(REPO, "bin/tilpress.js"), "init", "here"], {
      cwd,
      encoding: "utf8",
      env: { ...ENV, TILPRESS_FAULT: "init-copied" },
    });
    expect(here.status).toBe(130);
    expect(readdirSync(cwd)).toEqual(["here"]);
    expect(readdirSync(join(cwd, "here"))).toEqual([]);
  });

  it("--base-url is written to tilpress.config.json: the scaffold checks clean and its pages link under it", () => {
    const cwd = tempDir("tilpress-init-published-");
    const r = tilpress(["init", "site", "--base-url", "https://press.example.kz/briefings"], cwd);
    expect(r.code, r.stderr).toBe(0);
    // One Next: line: nothing left to set before publishing.
    expect(r.stdout.trim().split("\n").at(-1)).toBe("Next: cd site && npm install && npm run build");
    const site = join(cwd, "site");
    expect(JSON.parse(readFileSync(join(site, "tilpress.config.json"), "utf8"))).toEqual({
      $schema: "./node_modules/tilpress/schema/tilpress.config.schema.json",
      baseUrl: "https://press.example.kz/briefings/",
    });
    // The newsletter issue links under the config's baseUrl: no example address of its own.
    expect(readFileSync(join(site, "data/newsletters/weekly-2020-02-23.yaml"), "utf8")).not.toMatch(/^baseUrl:/m);
    const check = tilpress(["check"], site);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toMatch(/Checked 5 article\(s\); 3 locale\(s\); 0 error\(s\), 0 warning\(s\)/);
    const build = tilpress(["build", "--locale", "ru", "--article", "saiga-*", "--format", "html"], site);
    expect(build.code, build.stderr).toBe(0);
    const page = parseHtml(readFileSync(join(site, "dist/ru/saiga-comeback-2023-12-12/briefing.html")));
    const canonical = selectOne('link[rel="canonical"]', page.children) as Element;
    expect(canonical.attribs["href"]).toBe(
      "https://press.example.kz/briefings/ru/saiga-comeback-2023-12-12/briefing.html",
    );
  });

  it("makes a folder whose name is as long as the file system allows (its temporary folder's name is short)", () => {
    const cwd = tempDir("tilpress-init-long-");
    const name = "a".repeat(240);
    const r = tilpress(["init", name], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(cwd)).toEqual([name]);
    expect(readdirSync(join(cwd, name))).toContain("package.json");
  });

  it("quotes the folder in the Next: hint as a shell reads it back (spaces, $, quotes, backquotes, non-ASCII)", () => {
    const cwd = tempDir("tilpress-init-quoted-");
    for (const name of ["my site $HOME's `x`", "сайт «пресс»"]) {
      const r = tilpress(["init", name], cwd);
      expect(r.code, r.stderr).toBe(0);
      const hint = /^Next: cd (.*) && npm install && npm run build$/m.exec(r.stdout);
      expect(hint, r.stdout).not.toBeNull();
      // The shell's cd, as the user would paste it, lands in the folder made.
      const pwd = execFileSync("sh", ["-c", `cd ${hint![1]!} && pwd`], { cwd, encoding: "utf8" }).trim();
      expect(pwd).toBe(join(cwd, name));
    }
    expect(shellWord("my site $HOME's `x`")).toBe(`'my site $HOME'\\''s \`x\`'`);
    expect(shellWord("site-2026")).toBe("site-2026");
    expect(shellWord("-dash")).toBe("./-dash"); // not an option of cd
  });
});

describe("the tilpress spec a scaffold depends on", () => {
  /** A project with tilpress in its node_modules, installed from `spec`. */
  function host(spec: string | undefined): string {
    const dir = tempDir("tilpress-host-");
    const deps = spec === undefined ? {} : { devDependencies: { tilpress: spec } };
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "host", ...deps }));
    mkdirSync(join(dir, "node_modules/tilpress"), { recursive: true });
    return dir;
  }
  const specFor = (hostDir: string, projectDir: string) =>
    tilpressInstallSpec({ packageRoot: join(hostDir, "node_modules/tilpress"), version: "1.4.2", projectDir });

  it("is the published range for a registry install, a tag, or no spec to be found", () => {
    for (const spec of ["^1.4.0", "1.4.2", "latest", "npm:tilpress@^1", undefined]) {
      const dir = host(spec);
      expect(specFor(dir, join(dir, "site")), String(spec)).toBe("^1.4.2");
    }
  });

  it("is the host's own spec for a tarball, a folder, git or a URL, with paths from the new project", () => {
    const dir = host("file:vendor/tilpress-1.4.2.tgz");
    expect(specFor(dir, join(dir, "sites/newsroom"))).toBe("file:../../vendor/tilpress-1.4.2.tgz");
    expect(specFor(host("../tilpress-1.4.2.tgz"), join(tmpdir(), "newsroom"))).toBe("file:../tilpress-1.4.2.tgz");
    expect(specFor(host("github:press/tilpress#v1.4.2"), "/srv/newsroom")).toBe("github:press/tilpress#v1.4.2");
    expect(specFor(host("git+https://example.org/tilpress.git"), "/srv/newsroom")).toBe(
      "git+https://example.org/tilpress.git",
    );
    expect(specFor(host("https://example.org/tilpress-1.4.2.tgz"), "/srv/newsroom")).toBe(
      "https://example.org/tilpress-1.4.2.tgz",
    );
  });

  it("is the package's folder when it runs from a checkout, not from node_modules", () => {
    const projectDir = join(REPO, "..", "newsroom");
    expect(tilpressInstallSpec({ packageRoot: REPO, version: "1.4.2", projectDir })).toBe(
      `file:../${REPO.split("/").at(-1)!}`,
    );
  });
});
