import { sha256 } from "../core/hash.js";
import { runningProgram, type ToolCache } from "../emit/toolCache.js";
import {
  compileSelector,
  parseStylesheet,
  type CssProblem,
  type Declaration,
  type Origin,
  type RuleIndex,
  type Specificity,
  type StyleRule,
  type Stylesheet,
} from "./css.js";

/**
 * Parsed stylesheets kept in the tool cache (src/emit/toolCache.ts), so that a build whose
 * stylesheets have not changed neither loads css-tree nor parses them: the user agent's and
 * `templates/style.css` took some 100 ms of every cold build between them (css-tree's load
 * 40-60 ms, the parse and the property grammars' checks 40 ms; `--cpu-prof`, 2026-12-03). What
 * is kept is what a parse makes, less the compiled selectors, which css-select compiles again
 * from their text (it does not need css-tree). Named by the running program (the parser is
 * code: a rebuilt tilpress never replays an old parse), the origin and the CSS text; none
 * outside a bundle, as the set-up's checks (src/build/setUp.ts).
 */
export function cachedStylesheet(css: string, origin: Origin, toolCache: ToolCache | undefined): Stylesheet {
  const program = runningProgram();
  const key = toolCache && program !== undefined ? sha256([program, origin, css].join("\0")) : undefined;
  const kept = key === undefined ? undefined : toolCache?.read(KIND, key);
  const revived = kept === undefined ? undefined : revivedStylesheet(kept);
  if (revived) return revived;
  const sheet = parseStylesheet(css, { origin });
  if (key !== undefined) toolCache?.write(KIND, key, JSON.stringify(storedStylesheet(sheet)));
  return sheet;
}

const KIND = "stylesheets";

/** A stylesheet as JSON keeps it: rules without their compiled selectors, the index by rule position. */
export interface StoredStylesheet {
  readonly rules: readonly {
    readonly selector: string;
    readonly specificity: Specificity;
    readonly origin: Origin;
    readonly order: number;
    readonly declarations: readonly Declaration[];
  }[];
  readonly page: readonly Declaration[];
  readonly index: {
    readonly byId: readonly (readonly [string, readonly number[]])[];
    readonly byClass: readonly (readonly [string, readonly number[]])[];
    readonly byTag: readonly (readonly [string, readonly number[]])[];
    readonly other: readonly number[];
  };
  readonly problems: readonly CssProblem[];
}

export function storedStylesheet(sheet: Stylesheet): StoredStylesheet {
  const position = new Map(sheet.rules.map((rule, i) => [rule, i]));
  const positions = (rules: readonly StyleRule[]) => rules.map((rule) => position.get(rule)!);
  const entries = (map: ReadonlyMap<string, readonly StyleRule[]>) =>
    [...map].map(([key, rules]) => [key, positions(rules)] as const);
  return {
    rules: sheet.rules.map(({ selector, specificity, origin, order, declarations }) => ({
      selector,
      specificity,
      origin,
      order,
      declarations,
    })),
    page: sheet.page,
    index: {
      byId: entries(sheet.index.byId),
      byClass: entries(sheet.index.byClass),
      byTag: entries(sheet.index.byTag),
      other: positions(sheet.index.other),
    },
    problems: sheet.problems,
  };
}

/** The stylesheet a stored one was made from, its selectors compiled; undefined for an entry that is not one. */
export function revivedStylesheet(json: string): Stylesheet | undefined {
  try {
    const stored = JSON.parse(json) as StoredStylesheet;
    const rules: StyleRule[] = [];
    for (const rule of stored.rules) {
      const matches = compileSelector(rule.selector);
      if (!matches) return undefined;
      rules.push({ ...rule, matches });
    }
    const at = (positions: readonly number[]) =>
      positions.map((i) => {
        const rule = rules[i];
        if (!rule) throw new Error(`no rule ${i}`);
        return rule;
      });
    const map = (entries: readonly (readonly [string, readonly number[]])[]) =>
      new Map(entries.map(([key, positions]) => [key, at(positions)]));
    const index: RuleIndex = {
      byId: map(stored.index.byId),
      byClass: map(stored.index.byClass),
      byTag: map(stored.index.byTag),
      other: at(stored.index.other),
    };
    if (!Array.isArray(stored.page) || !Array.isArray(stored.problems)) return undefined;
    return { rules, page: stored.page, index, problems: stored.problems };
  } catch {
    return undefined;
  }
}
