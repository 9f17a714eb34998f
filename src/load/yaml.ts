import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node,
  type ParsedNode,
  Scalar,
} from "yaml";
import { DiagnosticList, pointerOf } from "../core/diagnostic.js";
import { sha256 } from "../core/hash.js";
import type { Locale } from "../locale/index.js";
import { placeOf, type Place, type SourceText } from "../core/source.js";
import { runningProgram, type ToolCache } from "../emit/toolCache.js";
import { checkDataStrings, checkSourceText } from "./text.js";

/** Keys that would reach Object.prototype if data were ever merged naively. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** YAML parsed with positions kept, so later stages can point at the line of any field. */
export interface YamlData {
  readonly source: SourceText;
  readonly data: unknown;
  /** Where a field (by path) starts in the file; falls back to its nearest existing parent. */
  locate(path: readonly PropertyKey[]): Place;
  /** Where the key of a mapping entry (by path) is written: a misspelt key is reported there. */
  locateKey(path: readonly PropertyKey[]): Place;
  /** The text of a scalar as written, e.g. `0123` for a value read as the number 123. */
  sourceOf(path: readonly PropertyKey[]): string | undefined;
  /**
   * Where, inside the string at `path`, a place of its `text` is written: the first character
   * from `index` on that is not white space (a link in the notes to editors, a line of them).
   * `text` is the value as read, its white space changed or not (trimmed, a `>` block folded);
   * where it cannot be told (an escape in a quoted string before it), the field's start.
   */
  locateIn(path: readonly PropertyKey[], text: string, index: number): Place;
}

export interface ReadYamlOptions {
  /** Offset of the YAML text inside the source file (front matter starts after `---`). */
  readonly offset?: number;
  readonly yamlText?: string;
  readonly locale?: Locale;
  readonly article?: string;
  /** Where clean parses are kept between runs (see `readYaml`); none: parsed every time. */
  readonly toolCache?: ToolCache | undefined;
  /** Numbers a double does not hold as written are let through (a config's limits: never printed). */
  readonly inexactNumbers?: boolean;
}

/**
 * A file (or a front matter: `yamlText` at `offset`) parsed, checked and turned into data, with
 * what is wrong reported. A parse that reported nothing is kept in the tool cache by its text
 * (as JSON, when its data is plain JSON), so a build of files that have not changed neither
 * parses them nor checks their text and strings again: YAML parsing was 72 ms of the bundled
 * project's cold build and 110 ms of its `check --no-cache` (`--cpu-prof`, 2026-12-03). A kept
 * parse has its positions parsed again only when a later stage asks where a field is (an error).
 * Named by the running program, as the tool cache's other entries: none outside a bundle.
 */
export function readYaml(
  source: SourceText,
  diagnostics: DiagnosticList,
  options: ReadYamlOptions = {},
): YamlData | undefined {
  const text = options.yamlText ?? source.text;
  const program = runningProgram();
  // A file with bytes that are not UTF-8 decodes like one with U+FFFD written in it: never kept.
  const key =
    options.toolCache && program !== undefined && !source.invalidUtf8
      ? sha256([program, options.yamlText === undefined ? "file" : "front matter", text].join("\0"))
      : undefined;
  const kept = key === undefined ? undefined : options.toolCache?.read(YAML_KIND, key);
  if (kept !== undefined) {
    try {
      return keptYaml(source, options, JSON.parse(kept) as unknown);
    } catch {
      // a damaged entry: parsed again, and written again below
    }
  }
  // Found without the policy, so that a warning turned off is not taken for a clean parse.
  const found = new DiagnosticList();
  const parsed = parseYaml(source, found, options);
  for (const d of found.items) diagnostics.push(d);
  if (parsed && key !== undefined && found.items.length === 0 && isPlainJson(parsed.data))
    options.toolCache?.write(YAML_KIND, key, JSON.stringify(parsed.data));
  return parsed;
}

const YAML_KIND = "yaml-data";

/** A kept parse: its data, and its document parsed again only if a position is asked for. */
function keptYaml(source: SourceText, options: ReadYamlOptions, data: unknown): YamlData {
  let doc: Document | undefined;
  const located = () => {
    doc ??= parseDocument(options.yamlText ?? source.text, YAML_OPTIONS);
    return locators(source, options, doc);
  };
  return {
    source,
    data,
    locate: (path) => located().locate(path),
    locateKey: (path) => located().locateKey(path),
    sourceOf: (path) => located().sourceOf(path),
    locateIn: (path, value, index) => located().locateIn(path, value, index),
  };
}

/** Whether JSON gives `data` back as it is: no non-finite number, no -0, nothing but plain objects, arrays and scalars. */
function isPlainJson(data: unknown): boolean {
  if (data === null || typeof data === "string" || typeof data === "boolean") return true;
  if (typeof data === "number") return Number.isFinite(data) && !Object.is(data, -0);
  if (Array.isArray(data)) return data.every(isPlainJson);
  if (typeof data === "object" && Object.getPrototypeOf(data) === Object.prototype)
    return Object.values(data).every(isPlainJson);
  return false;
}

/**
 * Two keys of one mapping that would name the same property of the data: `1` and `"1"`, `0x1`
 * and `1`, `true` and `"true"`, `~` and `""` are different YAML keys, each kept as a property
 * named by its text as yaml's `toJS` writes it (null is ""), so the second would silently
 * replace the first. The yaml package's own check compares values only (`1` is not `"1"`).
 */
function sameProperty(a: ParsedNode, b: ParsedNode): boolean {
  if (a === b) return true;
  if (!isScalar(a) || !isScalar(b)) return false;
  if (a.value === b.value) return true;
  const name = (value: unknown) =>
    value === null ? "" : typeof value === "object" || typeof value === "symbol" ? undefined : String(value);
  const first = name(a.value);
  return first !== undefined && first === name(b.value);
}

// YAML 1.2 core schema: no timestamps, no `yes`/`no` booleans, no merge keys.
const YAML_OPTIONS = {
  uniqueKeys: sameProperty,
  prettyErrors: false,
  schema: "core",
  merge: false,
  strict: true,
} as const;

function parseYaml(source: SourceText, diagnostics: DiagnosticList, options: ReadYamlOptions): YamlData | undefined {
  const offset = options.offset ?? 0;
  const text = options.yamlText ?? source.text;
  const at = (o: number): Place => placeOf(source.text, offset + o);
  const scope = {
    file: source.file,
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.article ? { article: options.article } : {}),
  };

  // A whole file is checked as text first (a front matter's file is checked by its loader).
  if (options.yamlText === undefined && !checkSourceText(source, diagnostics, scope)) return undefined;

  let reportedTooDeep = false;
  const tooDeep = (o: number) => {
    if (reportedTooDeep) return;
    reportedTooDeep = true;
    diagnostics.error({
      ...scope,
      code: "data/yaml-too-deep",
      message: `The data is nested more than ${MAX_YAML_DEPTH} levels deep here`,
      hint: "Press data nests a few levels (an article's figures, a figure's change); look for brackets or indentation that never close.",
      ...at(o),
    });
  };
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, YAML_OPTIONS);
  } catch (error) {
    // The parser's own recursion, deeper than the stack (it reports most such cases as errors).
    if (!(error instanceof RangeError)) throw error;
    tooDeep(0);
    return undefined;
  }

  // Where the limit is passed, before any error the parser's exhausted stack gave further on.
  const deep = deepestNode(doc.contents);
  if (deep) tooDeep(deep.range?.[0] ?? 0);
  let failed = deep !== undefined;
  // Lines whose value was reported for a colon: quoting it mends every colon of the line.
  const colonLines = new Set<number>();
  for (const err of doc.errors) {
    failed = true;
    if (err.code === "RESOURCE_EXHAUSTION" && /call stack/i.test(err.message)) {
      tooDeep(err.pos[0]);
      continue;
    }
    const duplicate = err.code === "DUPLICATE_KEY";
    const colon = err.code === "BLOCK_AS_IMPLICIT_KEY" ? colonInPlainValue(text, err.pos[0]) : undefined;
    if (colon !== undefined) {
      const lineStart = text.lastIndexOf("\n", colon) + 1;
      if (colonLines.has(lineStart)) continue;
      colonLines.add(lineStart);
      diagnostics.error({
        ...scope,
        code: "data/yaml-syntax",
        message: "A colon and a space inside an unquoted value: YAML reads the words before it as another key",
        hint: 'Put the whole value in double quotes (headline: "World Bank: poverty fell"), or write `>-` after the key and the text on the next line.',
        ...at(colon),
      });
      continue;
    }
    diagnostics.error({
      ...scope,
      code: duplicate ? "data/duplicate-key" : "data/yaml-syntax",
      message: duplicate ? "This key appears twice in the same mapping" : yamlMessage(err.message),
      hint: duplicate
        ? "Remove or rename one of the two; YAML would silently keep only the last."
        : "Check indentation, colons and quoting on this line.",
      ...at(err.pos[0]),
    });
  }
  for (const warning of doc.warnings) {
    diagnostics.warn({
      ...scope,
      code: "data/yaml-warning",
      message: yamlMessage(warning.message),
      ...at(warning.pos[0]),
    });
  }

  if (deep) return undefined;

  if (doc.contents)
    visitKeys(doc.contents, [], (keyNode, path, key) => {
      if (!isScalar(keyNode)) {
        // `{ a }: b` or `[a]: b`: a key that is a list or a mapping would be stringified silently.
        failed = true;
        diagnostics.error({
          ...scope,
          code: "data/yaml-syntax",
          message: "A key must be plain text, not a list or a mapping",
          hint: "Quote the key, or write it as text.",
          pointer: pointerOf(path),
          ...at(keyNode.range?.[0] ?? 0),
        });
      } else if (keyNode.type === Scalar.PLAIN && keyNode.range && readOtherwise(text, keyNode)) {
        // `0x1F:` is the key "31", `1.50:` "1.5", `null:` "": an id or a name nobody wrote, so a
        // glossary entry or a label is silently under another id (red team: `0x1F:` in links).
        failed = true;
        const written = text.slice(keyNode.range[0], keyNode.range[1]).trim();
        const [read, as] =
          keyNode.value === null
            ? ["an empty key", "null"]
            : [`\`${key}\``, typeof keyNode.value === "number" ? "a number" : `${typeof keyNode.value} ${key}`];
        diagnostics.error({
          ...scope,
          code: "data/schema",
          message: `The key \`${written}\` is read as ${read}: YAML reads it as ${as}, not as written`,
          hint: `Quote the key (\`"${written}"\`) to keep it as written, or write the key that is meant.`,
          pointer: pointerOf(path),
          ...at(keyNode.range[0]),
        });
      } else if (FORBIDDEN_KEYS.has(key)) {
        failed = true;
        diagnostics.error({
          ...scope,
          code: "data/forbidden-key",
          message: `The key "${key}" is not allowed`,
          hint: "Keys named __proto__, constructor or prototype are refused: they can alter object prototypes.",
          pointer: pointerOf(path),
          ...at(keyNode.range?.[0] ?? 0),
        });
      }
    });
  if (failed) return undefined;

  let data: unknown;
  try {
    // Alias expansion is capped: a few bytes of YAML must not become gigabytes of data. yaml
    // counts each use of an anchor times the aliases inside it: 1,000 lets one anchored list of
    // places be named by hundreds of figures, and refuses aliases of aliases of aliases.
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (cause) {
    const aliases = cause instanceof ReferenceError && /alias count/i.test(cause.message);
    diagnostics.error({
      ...scope,
      code: "data/yaml-syntax",
      message: aliases
        ? `Aliases (\`*name\`) here expand to more than ${MAX_ALIAS_COUNT} copies of what they name`
        : cause instanceof Error
          ? cause.message
          : String(cause),
      ...(aliases ? { hint: "Write the repeated data out, or name fewer aliases of aliases." } : {}),
      ...at(aliases ? (firstAlias(doc.contents)?.range?.[0] ?? 0) : 0),
    });
    return undefined;
  }

  const located = locators(source, options, doc);
  if (!checkDataStrings(data, { file: source.file, locate: located.locate, scope }, diagnostics)) return undefined;
  if (
    !options.inexactNumbers &&
    !exactNumbers(doc, text, (problem, path, node) =>
      diagnostics.error({
        ...scope,
        ...problem,
        message: `\`${path.join(".")}\` ${problem.message}`,
        pointer: pointerOf(path),
        ...at(node.range?.[0] ?? 0),
      }),
    )
  )
    return undefined;
  return { source, data, ...located };
}

type NumberProblem = (
  problem: { code: "data/inexact-number" | "data/schema"; message: string; hint: string },
  path: PropertyKey[],
  node: Scalar,
) => void;

/**
 * Every number of the document is the number written: YAML reads digits into a double, so
 * 12345678901234567890 became 12345678901234567000 and 0.12345678901234567890 became
 * 0.12345678901234568, and the page would print a number nobody wrote. An integer part beyond
 * Number.MAX_SAFE_INTEGER is refused even when a double happens to hold it: the next one may not.
 * A number in hexadecimal or octal (`0x1F`, `0o17`) is refused too, as not written in decimal.
 */
function exactNumbers(doc: Document, text: string, report: NumberProblem): boolean {
  let ok = true;
  visitValues(doc.contents, [], (node, path) => {
    const { value, range } = node;
    if (typeof value !== "number" || !Number.isFinite(value) || !range) return;
    const written = text.slice(range[0], range[1]).trim();
    const read = String(value);
    const base = /^0x/i.test(written) ? "a hexadecimal" : /^0o/i.test(written) ? "an octal" : undefined;
    if (base) {
      // YAML 1.2 reads `0x1F` as 31 and `0o17` as 15, and the page printed them so: a press
      // figure is never written in another base, so the digits are most likely not what was meant.
      ok = false;
      report(
        {
          code: "data/schema",
          message: `is ${written}, ${base} number, which YAML reads as ${read}: numbers are written in decimal`,
          hint: `Write the number in decimal (\`${read}\` is what YAML read), or quote it if it is text.`,
        },
        path,
        node,
      );
    } else if (Math.abs(value) > Number.MAX_SAFE_INTEGER) {
      ok = false;
      const note = sameDecimal(written, read) ? "" : `; YAML reads it as ${read}`;
      const limit = Number.MAX_SAFE_INTEGER;
      report(
        { ...INEXACT, message: `is ${written}, larger than ${limit}, the largest whole number kept exactly${note}` },
        path,
        node,
      );
    } else if (/^[-+]?\.?\d[\d.]*([eE][-+]?\d+)?$/.test(written) && !sameDecimal(written, read)) {
      ok = false;
      report(
        { ...INEXACT, message: `is ${written}, more digits than a number keeps; YAML reads it as ${read}` },
        path,
        node,
      );
    }
  });
  return ok;
}

const INEXACT = {
  code: "data/inexact-number",
  hint: "Write it with at most 15 significant digits (a count or money can take a `scale`: `scale: trillion`).",
} as const;

/** Whether two decimal numerals ("1.50", "15e-1", "1.5") name the same number. */
function sameDecimal(a: string, b: string): boolean {
  const canonical = (numeral: string) => {
    const m = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(numeral);
    if (!m) return numeral;
    let digits = `${m[2] ?? ""}${m[3] ?? ""}`;
    let point = (m[2] ?? "").length + Number(m[4] ?? 0);
    const lead = /^0*/.exec(digits)![0].length;
    digits = digits.slice(lead).replace(/0+$/, "");
    point -= lead;
    return digits ? `${m[1] === "-" ? "-" : ""}0.${digits}e${point}` : "0";
  };
  return canonical(a) === canonical(b);
}

/** Each scalar that is a value (not a key) of the document, with its path. */
function visitValues(node: unknown, path: PropertyKey[], visit: (node: Scalar, path: PropertyKey[]) => void): void {
  if (isScalar(node)) visit(node, path);
  else if (isMap(node)) {
    for (const pair of node.items)
      if (isPair(pair))
        visitValues(pair.value, [...path, isScalar(pair.key) ? String(pair.key.value) : String(pair.key)], visit);
  } else if (isSeq(node)) node.items.forEach((item, i) => visitValues(item, [...path, i], visit));
}

/** Where the fields of a parsed document are, in its file. */
function locators(
  source: SourceText,
  options: ReadYamlOptions,
  doc: Document,
): Pick<YamlData, "locate" | "locateKey" | "sourceOf" | "locateIn"> {
  const offset = options.offset ?? 0;
  const text = options.yamlText ?? source.text;
  const at = (o: number): Place => placeOf(source.text, offset + o);
  return {
    locate: (path) => at(nodeAt(doc, path)?.range?.[0] ?? 0),
    locateKey: (path) => {
      const parent = nodeAt(doc, path.slice(0, -1));
      const pair = isMap(parent)
        ? parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(path[path.length - 1]))
        : undefined;
      const key = pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      return at(key ?? nodeAt(doc, path)?.range?.[0] ?? 0);
    },
    sourceOf: (path) => {
      const node = nodeAt(doc, path);
      return node && isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]).trim() : undefined;
    },
    locateIn: (path, value, index) => {
      const node = nodeAt(doc, path);
      const start = node?.range?.[0] ?? 0;
      if (!node || !isScalar(node) || !node.range) return at(start);
      return at(writtenIn(text, node, value, index) ?? start);
    },
  };
}

/**
 * Where the first character of `value` from `index` on that is not white space is written in
 * the scalar `node` of `text`, or undefined. White space is passed over on both sides (a block's
 * indentation, a folded line break, a trimmed end); every other character must be the one
 * written, else (an escape, `''` in a single-quoted string) the place cannot be told.
 */
function writtenIn(text: string, node: Scalar, value: string, index: number): number | undefined {
  const [from, to] = node.range!;
  const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  // A block's content starts on the line after its header (`|`, `>-`, `|2 # comment`).
  let p = block ? text.indexOf("\n", from) + 1 : quoted ? from + 1 : from;
  if (block && p === 0) return undefined;
  const space = (c: string | undefined) => c !== undefined && /\s/.test(c);
  let i = index;
  while (space(value[i])) i++;
  if (i >= value.length) return undefined;
  for (let k = 0; k <= i; k++) {
    if (space(value[k])) continue;
    while (p < to && space(text[p])) p++;
    if (p >= to || text[p] !== value[k]) return undefined;
    if (k === i) return p;
    p++;
  }
  return undefined;
}

/**
 * Where a plain value that starts at `start` has `: ` (or a colon ending its line), the mark YAML
 * takes for a key inside it: a headline like «Дүниежүзілік банк: 2006–2021 жылдары» written
 * without quotes, which YAML reports only as "Nested mappings are not allowed in compact
 * mappings", at the value's first letter.
 */
function colonInPlainValue(text: string, start: number): number | undefined {
  const end = text.indexOf("\n", start);
  const line = text.slice(start, end === -1 ? undefined : end);
  if (/^["'[{|>]/.test(line)) return undefined;
  const m = /:(?=[ \t]|\r?$)/.exec(line);
  return m ? start + m.index : undefined;
}

function yamlMessage(message: string): string {
  // yaml appends " at line N, column M" and a code excerpt; we print our own.
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}

/** How many copies aliases may make, counted as yaml counts them (`maxAliasCount`). */
const MAX_ALIAS_COUNT = 1000;

/** The first alias (`*name`) of a document, in file order. */
function firstAlias(root: unknown): Node | undefined {
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (isAlias(node)) return node;
    if (!isMap(node) && !isSeq(node)) continue;
    for (const item of [...node.items].reverse()) {
      if (isPair(item)) stack.push(item.value, item.key);
      else stack.push(item);
    }
  }
  return undefined;
}

/**
 * How deep a file's lists and mappings may nest. Every later stage (keys, schemas, strings)
 * walks the data recursively: a few thousand levels would exhaust the stack in one of them.
 */
export const MAX_YAML_DEPTH = 64;

/** The first collection nested deeper than MAX_YAML_DEPTH, found without recursion. */
function deepestNode(root: unknown): Node | undefined {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_YAML_DEPTH) return node;
    // Pushed last to first, so the first too deep in the file is found first.
    for (const item of [...node.items].reverse()) {
      if (isPair(item)) stack.push([item.value, depth + 1], [item.key, depth + 1]);
      else stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

type KeyVisitor = (keyNode: Node, path: PropertyKey[], key: string) => void;

function visitKeys(node: unknown, path: PropertyKey[], visit: KeyVisitor): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (pair.key) visit(pair.key as Node, [...path, key], key);
      visitKeys(pair.value, [...path, key], visit);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => visitKeys(item, [...path, i], visit));
  }
}

/** Whether a plain key is read as another text than written (`0x1F` as "31", `null` as ""). */
function readOtherwise(text: string, key: Scalar): boolean {
  const written = key.range ? text.slice(key.range[0], key.range[1]).trim() : "";
  return key.value === null || written !== String(key.value);
}

/** The deepest node on the path that exists. */
function nodeAt(doc: Document, path: readonly PropertyKey[]): Node | undefined {
  let node: unknown = doc.contents;
  let found = node as Node | undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      node = pair.value ?? pair.key;
    } else if (isSeq(node)) {
      node = node.items[Number(segment)];
      if (node === undefined) break;
    } else break;
    found = node as Node;
  }
  return found;
}
