import { join } from "node:path";
import { NO_PROJECT_FONTS, type ProjectFonts } from "../fonts/projectFonts.js";
import { withProjectFamilies } from "../fonts/htmlFamilies.js";
import Handlebars from "handlebars";
import { sha256 } from "../core/hash.js";
import { toolIdentity, type ToolCache } from "../emit/toolCache.js";
import { DiagnosticList } from "../core/diagnostic.js";
import { readSource } from "../load/loadProject.js";
import { checkSourceText } from "../load/text.js";
import type { ProjectFiles } from "../core/projectFiles.js";
import type { Translator } from "../i18n/translator.js";
import type { RenderData } from "./helpers/context.js";
import { checkUnescaped } from "./checkUnescaped.js";
import { helpers } from "./helpers/index.js";
import { largestPart, type TemplatePart } from "./largestPart.js";

type Compiled = Handlebars.TemplateDelegate;
type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/** The project's templates, partials, helpers and stylesheet, compiled once per build. */
export interface TemplateSet {
  readonly names: readonly string[];
  readonly files: Readonly<Record<string, string>>;
  /** Every template and partial as read, keyed by project-relative path. */
  readonly sources: Readonly<Record<string, { file: string; text: string }>>;
  /** Names of the registered partials. */
  readonly partials: readonly string[];
  /** templates/style.css as read. */
  readonly stylesheet: string;
  /** Its path as diagnostics name it, when there is one. */
  readonly stylesheetFile?: string;
  /** Render a page; a strict-mode failure becomes a diagnostic and `undefined`. */
  render(name: string, page: PageRender): string | undefined;
  /** The line of the template whose output is the largest part of this render (for an output that is too large). */
  largestPart(name: string, page: Pick<PageRender, "view" | "tr">): (TemplatePart & { file: string }) | undefined;
}

/** What one render of a template gets: the view it shows, the locale's translator, where a failure goes. */
export interface PageRender {
  readonly view: object;
  readonly tr: Translator;
  readonly diagnostics: DiagnosticList;
  /** The article a failure is scoped to; none for the index or a newsletter. */
  readonly article?: string;
}

const COMPILE_OPTIONS = {
  strict: true,
  knownHelpersOnly: true,
  knownHelpers: Object.fromEntries(Object.keys(helpers).map((k) => [k, true])),
  preventIndent: true,
} satisfies CompileOptions;

type CompileOptions = Parameters<typeof Handlebars.compile>[1];

/** What templates are compiled with besides their folder. */
export interface TemplateOptions {
  /** The project's fonts, named in the stylesheet's font families. */
  readonly fonts?: ProjectFonts;
  /** Where compiled templates are kept between runs (src/emit/toolCache.ts); none: compiled every time. */
  readonly toolCache?: ToolCache | undefined;
}

export function loadTemplates(
  dir: string,
  projectFiles: ProjectFiles,
  diagnostics: DiagnosticList,
  { fonts = NO_PROJECT_FONTS, toolCache }: TemplateOptions = {},
): TemplateSet {
  // An isolated environment: nothing another library registers on the global Handlebars leaks in.
  const hb = Handlebars.create();
  const compile = (text: string, file: string) => compileCached({ hb, text, file, toolCache }, diagnostics);
  hb.registerHelper(helpers as unknown as Handlebars.HelperDeclareSpec);
  const files: Record<string, string> = {};
  const sources: Record<string, { file: string; text: string }> = {};
  const partials: string[] = [];

  const partialsDir = join(dir, "partials");
  {
    for (const name of projectFiles.names(partialsDir).filter((n) => n.endsWith(".hbs"))) {
      const source = readSource(projectFiles, join(partialsDir, name), { diagnostics });
      if (!source) continue;
      sources[source.file] = source;
      const compiled = checkSourceText(source, diagnostics) ? compile(source.text, source.file) : undefined;
      partials.push(name.slice(0, -4));
      if (compiled) hb.registerPartial(name.slice(0, -4), compiled);
    }
  }

  const compiled = new Map<string, Compiled>();
  for (const name of projectFiles.names(dir).filter((n) => n.endsWith(".hbs"))) {
    const source = readSource(projectFiles, join(dir, name), { diagnostics });
    if (!source) continue;
    sources[source.file] = source;
    files[name.slice(0, -4)] = source.file;
    const template = checkSourceText(source, diagnostics) ? compile(source.text, source.file) : undefined;
    if (template) compiled.set(name.slice(0, -4), template);
  }

  const stylePath = join(dir, "style.css");
  const styleSource = projectFiles.exists(stylePath) ? readSource(projectFiles, stylePath, { diagnostics }) : undefined;
  // Like a template's: bytes that are not UTF-8 or control characters (a NUL) are errors and never reach <style>.
  const styleChecked = styleSource !== undefined && checkSourceText(styleSource, diagnostics);
  const stylesheet = withProjectFamilies(styleChecked ? styleSource.text : "", fonts);

  return {
    names: [...compiled.keys()],
    files,
    sources,
    partials,
    stylesheet,
    ...(styleSource ? { stylesheetFile: styleSource.file } : {}),
    largestPart(name, { view, tr }) {
      const file = files[name];
      const source = file === undefined ? undefined : sources[file];
      if (file === undefined || !source) return undefined;
      const part = largestPart({
        parse: () => hb.parse(source.text),
        render: (program) => hb.compile(program, COMPILE_OPTIONS)(view, { data: { tr, stylesheet } }),
      });
      return part && { ...part, file };
    },
    render(name, { view, tr, diagnostics: diags, article }) {
      const template = compiled.get(name);
      if (!template) return undefined;
      const data: RenderData = { tr, stylesheet };
      try {
        return template(view, { data });
      } catch (cause) {
        diags.error({
          code: "template/render",
          message: `Template ${name} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
          hint: "Templates run in strict mode: every field they use must exist in the view (docs/templates.md).",
          file: files[name] ?? name,
          locale: tr.locale,
          ...(article ? { article } : {}),
        });
        return undefined;
      }
    },
  };
}

interface Compile {
  readonly hb: typeof Handlebars;
  readonly text: string;
  readonly file: string;
  readonly toolCache: ToolCache | undefined;
}

/**
 * A template compiled, or its compiled form from the tool cache. The cache keeps Handlebars'
 * precompiled specification (JavaScript, what `compile` itself makes and evaluates) of a
 * template that compiled with no diagnostic, named by the hash of the template's text, the
 * compile options, Handlebars' version and this module: the same text compiles to the same
 * specification, so a hit skips parsing, the checks and compiling. Evaluating it is running
 * code read from disk, so the tool cache is used only in a folder that is the user's own and
 * writable by no one else, each entry checked against its SHA-256 (src/emit/toolCache.ts): the
 * same trust Node gives node_modules and Python its __pycache__. Caching the parsed tree instead
 * (data, not code) would save only the parse, a third of the time, and a tree read from disk
 * becomes code in Handlebars' compiler just the same.
 */
function compileCached({ hb, text, file, toolCache }: Compile, diagnostics: DiagnosticList): Compiled | undefined {
  const key = toolCache && sha256(`${text}\0${templateIdentity()}`);
  const cached = key === undefined ? undefined : toolCache?.read(TEMPLATE_KIND, key);
  if (cached !== undefined) {
    try {
      return hb.template(new Function(`return ${cached};`)() as TemplateSpecification);
    } catch {
      // An entry Handlebars refuses (another compiler revision than the key says): compiled again below.
    }
  }
  const compiled = compileChecked({ hb, text, file }, diagnostics);
  if (compiled?.clean && key !== undefined) toolCache?.write(TEMPLATE_KIND, key, compiled.spec);
  return compiled?.template;
}

const TEMPLATE_KIND = "templates";

/** A memo of a pure look-up (the program's hash, or this module's size and time), once per thread, whatever the build. */
let identityMemo: string | undefined;
function templateIdentity(): string {
  return (identityMemo ??= toolIdentity(
    [import.meta.url],
    [`handlebars ${Handlebars.VERSION}`, JSON.stringify(COMPILE_OPTIONS)],
  ));
}

/**
 * Parse now (not lazily at first render) so syntax errors surface with their line and column,
 * and unescaped output (`{{{ }}}`) is refused before anything renders.
 */
function compileChecked(
  { hb, text, file }: Omit<Compile, "toolCache">,
  diagnostics: DiagnosticList,
): { template: Compiled; spec: string; clean: boolean } | undefined {
  try {
    // Found under no policy: whether the text has a problem, whatever levels the project sets.
    const found = new DiagnosticList();
    checkUnescaped(hb.parse(text), file, found);
    for (const d of found.items) diagnostics.push(d);
    // Compile eagerly: Handlebars otherwise defers knownHelpersOnly errors to the first render.
    // And once: the precompiled spec is what the template runs (what `compile` would make again,
    // lazily, at the first render), evaluated as `compile` itself does.
    const spec = hb.precompile(text, COMPILE_OPTIONS) as string;
    const template = hb.template(new Function(`return ${spec};`)() as TemplateSpecification);
    return { template, spec, clean: found.items.length === 0 };
  } catch (cause) {
    const err = cause as { message?: string; lineNumber?: number; column?: number };
    const line = err.lineNumber ?? Number(/line (\d+)/.exec(err.message ?? "")?.[1] ?? 1);
    diagnostics.error({
      code: "template/syntax",
      message: (err.message ?? String(cause)).split("\n")[0] ?? "Template error",
      file,
      line,
      column: (err.column ?? 0) + 1,
    });
    return undefined;
  }
}
