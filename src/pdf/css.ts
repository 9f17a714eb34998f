import { compile } from "css-select";
import { parse as parseSelector, type Selector } from "css-what";
import type { AnyNode, Element } from "domhandler";

/** One declaration of a style rule, in source order. */
export interface Declaration {
  readonly property: string;
  readonly value: string;
  readonly important: boolean;
}

export interface StyleRule {
  readonly selector: string;
  readonly matches: (el: Element) => boolean;
  /** [ids, classes+attributes+pseudo-classes, types], compared lexicographically. */
  readonly specificity: readonly [number, number, number];
  /** Position in the cascade: user-agent rules first, then the stylesheet in order. */
  readonly order: number;
  readonly declarations: readonly Declaration[];
}

export interface PageRule {
  readonly declarations: readonly Declaration[];
}

export interface Stylesheet {
  readonly rules: readonly StyleRule[];
  readonly page: readonly Declaration[];
  /** Rules that can only match an element with this id, class or tag, and the rest. */
  readonly index: RuleIndex;
}

export interface RuleIndex {
  readonly byId: ReadonlyMap<string, readonly StyleRule[]>;
  readonly byClass: ReadonlyMap<string, readonly StyleRule[]>;
  readonly byTag: ReadonlyMap<string, readonly StyleRule[]>;
  readonly other: readonly StyleRule[];
}

/** Rules that may match an element: only those whose rightmost part names its id, a class or its tag. */
export function candidateRules(index: RuleIndex, el: Element): StyleRule[] {
  const out: StyleRule[] = [...index.other, ...(index.byTag.get(el.name) ?? [])];
  const id = el.attribs["id"];
  if (id) out.push(...(index.byId.get(id) ?? []));
  const classes = el.attribs["class"];
  if (classes) for (const c of new Set(classes.split(/\s+/))) out.push(...(index.byClass.get(c) ?? []));
  return out;
}

function indexRules(rules: readonly StyleRule[]): RuleIndex {
  const byId = new Map<string, StyleRule[]>();
  const byClass = new Map<string, StyleRule[]>();
  const byTag = new Map<string, StyleRule[]>();
  const other: StyleRule[] = [];
  const add = (map: Map<string, StyleRule[]>, key: string, rule: StyleRule) => {
    let list = map.get(key);
    if (!list) map.set(key, (list = []));
    list.push(rule);
  };
  for (const rule of rules) {
    let key: Selector[] | undefined;
    try {
      key = parseSelector(rule.selector)[0];
    } catch {
      key = undefined;
    }
    // The rightmost compound selector: after the last combinator.
    let last = key ?? [];
    const combinator = last.findLastIndex((t) =>
      ["descendant", "child", "sibling", "adjacent", "parent", "column-combinator"].includes(t.type),
    );
    last = last.slice(combinator + 1);
    const id = last.find((t) => t.type === "attribute" && t.name === "id" && t.action === "equals");
    const cls = last.find((t) => t.type === "attribute" && t.name === "class" && t.action === "element");
    const tag = last.find((t) => t.type === "tag");
    if (id && "value" in id) add(byId, id.value, rule);
    else if (cls && "value" in cls) add(byClass, cls.value, rule);
    else if (tag && "name" in tag) add(byTag, tag.name, rule);
    else other.push(rule);
  }
  return { byId, byClass, byTag, other };
}

/**
 * A small CSS reader for the stylesheet subset the PDF target supports: style rules, `@media
 * print` (applied: a PDF is print), `@media screen` (skipped) and `@page`. Selectors are compiled
 * once with css-select, so matching per element is a function call.
 */
export function parseStylesheet(css: string, startOrder = 0): Stylesheet {
  const rules: StyleRule[] = [];
  const page: Declaration[] = [];
  let order = startOrder;
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");

  const readBlock = (body: string, include: boolean) => {
    let i = 0;
    while (i < body.length) {
      const open = body.indexOf("{", i);
      if (open < 0) break;
      const prelude = body.slice(i, open).trim();
      const close = matchingBrace(body, open);
      const inner = body.slice(open + 1, close);
      i = close + 1;
      if (prelude.startsWith("@media")) {
        const media = prelude.slice(6).trim().toLowerCase();
        readBlock(inner, include && /\b(print|all)\b/.test(media) && !/\bscreen\b/.test(media));
      } else if (prelude.startsWith("@page")) {
        if (include) page.push(...parseDeclarations(inner));
      } else if (prelude.startsWith("@")) {
        continue;
      } else if (include) {
        const declarations = parseDeclarations(inner);
        for (const selector of splitSelectors(prelude)) {
          rules.push({
            selector,
            matches: compileSelector(selector),
            specificity: specificityOf(selector),
            order: order++,
            declarations,
          });
        }
      }
    }
  };
  readBlock(text, true);
  return { rules, page, index: indexRules(rules) };
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  return text.length;
}

function splitSelectors(prelude: string): string[] {
  return prelude
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

export function parseDeclarations(body: string): Declaration[] {
  return body
    .split(";")
    .map((d) => d.trim())
    .filter(Boolean)
    .flatMap((d) => {
      const colon = d.indexOf(":");
      if (colon < 0) return [];
      const raw = d.slice(colon + 1).trim();
      const important = /!\s*important$/i.test(raw);
      return [
        {
          property: d.slice(0, colon).trim().toLowerCase(),
          value: raw.replace(/!\s*important$/i, "").trim(),
          important,
        },
      ];
    });
}

function compileSelector(selector: string): (el: Element) => boolean {
  try {
    const test = compile<AnyNode, Element>(selector);
    return (el) => test(el);
  } catch {
    return () => false;
  }
}

function specificityOf(selector: string): [number, number, number] {
  let parsed: Selector[][];
  try {
    parsed = parseSelector(selector);
  } catch {
    return [0, 0, 0];
  }
  const s: [number, number, number] = [0, 0, 0];
  for (const token of parsed[0] ?? []) {
    if (token.type === "attribute" && token.name === "id") s[0]++;
    else if (token.type === "attribute" || token.type === "pseudo") s[1]++;
    else if (token.type === "tag" || token.type === "pseudo-element") s[2]++;
  }
  return s;
}
