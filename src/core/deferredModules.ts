import Module, { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * Modules that fontkit and pdfkit require as they load, for what few builds use: brotli's
 * decoder for WOFF2 fonts (fontkit) and AES for encrypted PDFs (pdfkit, which tilpress never
 * encrypts). Each is put in require's cache as a stand-in that loads the real module at its
 * first use, so a build without WOFF2 fonts never loads them: loading fontkit and pdfkit took
 * 108 ms without the stand-ins and 83 ms with them (`node bench/module-load.js 12`). Import
 * this module before fontkit or pdfkit.
 *
 * unicode-properties (fontkit's Unicode data) is decoded as it loads, 11–18 ms inside `require`
 * in a cold build (`node bench/module-load.js --requires unicode-properties build --no-cache
 * --quiet --out <dir>`), but most builds ask it one question only: whether a glyph's character is a
 * mark (every glyph fontkit makes asks). Its stand-in answers that for `UNMARKED`, where the
 * module itself says no (tests/deferredModules.test.ts checks every code point of them against
 * it), and loads the module for anything else; fontkit's full shaping (`layout`) asks for the
 * script of the text and so loads it.
 */
interface Deferred {
  readonly from: string;
  readonly request: string;
  /** A constructor's stand-in makes its objects at once and each builds the real one at its first method call. */
  readonly kind: "function" | "object" | "constructor";
  readonly answers?: Readonly<Record<string, (...args: never[]) => unknown>>;
  /** A constructor's methods (its objects' only members anything calls). */
  readonly methods?: readonly string[];
}

const DEFERRED: readonly Deferred[] = [
  { from: "fontkit", request: "brotli/decompress.js", kind: "function" },
  { from: "pdfkit", request: "@noble/ciphers/aes", kind: "object" },
  {
    from: "fontkit",
    request: "unicode-properties",
    kind: "object",
    answers: { isMark: (codePoint: number) => (isUnmarked(codePoint) ? false : undefined) },
  },
  // fontkit builds three tries of Unicode data as it loads (for its Arabic, Indic and universal
  // shapers) and linebreak one (pdfkit loads it): each inflates its data, 7–10 ms in all of a
  // cold `check` (--cpu-prof, tiny-inflate and UnicodeTrie), for shapers en, kk and ru text never
  // reaches and a line breaker tilpress does not use. Every caller only calls `get`.
  { from: "fontkit", request: "unicode-trie", kind: "constructor", methods: ["get"] },
  // fontkit itself, as pdfkit requires it (for fonts tilpress never gives it): the shipped
  // faces are read without it (src/fonts/faceFile.ts, simple shaping's kept tables), and a
  // build that needs it (a project's font, a word simple shaping leaves to it) loads it then.
  { from: "pdfkit", request: "fontkit", kind: "object" },
];

/**
 * Ranges of code points none of which is a mark (Mn, Mc, Me): Basic Latin to the spacing
 * modifier letters, Greek and Cyrillic without the Cyrillic combining marks (U+0483–U+0489),
 * general punctuation to the currency signs, letterlike symbols to the arrows. The text of en,
 * kk and ru briefings is in them.
 */
export const UNMARKED: readonly (readonly [number, number])[] = [
  [0x0000, 0x02ff],
  [0x0370, 0x0482],
  [0x048a, 0x052f],
  [0x2000, 0x20cf],
  [0x2100, 0x21ff],
];

function isUnmarked(codePoint: number): boolean {
  for (const [first, last] of UNMARKED) if (codePoint >= first && codePoint <= last) return true;
  return false;
}

for (const deferred of DEFERRED) defer(deferred);

function defer({ from, request, kind, answers = {}, methods = [] }: Deferred): void {
  let filename: string;
  try {
    filename = createRequire(require.resolve(from)).resolve(request);
  } catch {
    return; // not installed where expected: the package's own require reports it
  }
  if (require.cache[filename]) return;
  let real: Record<PropertyKey, unknown> | undefined;
  const load = (): Record<PropertyKey, unknown> => {
    if (real === undefined) {
      delete require.cache[filename];
      real = require(filename) as Record<PropertyKey, unknown>;
    }
    return real;
  };
  const standIn =
    kind === "constructor"
      ? lazyConstructor(() => load() as unknown as new (...args: unknown[]) => Record<string, unknown>, methods)
      : kind === "function"
        ? (...args: unknown[]) => (load() as unknown as (...a: unknown[]) => unknown)(...args)
        : new Proxy(
            {},
            {
              get: (_, key) => {
                // Own answers only: `toString` or `hasOwnProperty` are the module's, not Object.prototype's.
                const answer = typeof key === "string" && Object.hasOwn(answers, key) ? answers[key] : undefined;
                if (!answer) return load()[key];
                // What the stand-in knows without the module; undefined: ask the module.
                return (...args: never[]) => answer(...args) ?? (load()[key] as (...a: never[]) => unknown)(...args);
              },
              has: (_, key) => key in load(),
              // The module's own properties as its own (`hasOwnProperty`, `Object.keys`), configurable
              // as a proxy of an empty object must report them.
              getOwnPropertyDescriptor: (_, key) => {
                const own = Object.getOwnPropertyDescriptor(load(), key);
                return own && { ...own, configurable: true };
              },
              ownKeys: () => Reflect.ownKeys(load()),
            },
          );
  const module = new Module(filename);
  module.filename = filename;
  module.loaded = true;
  module.exports = standIn;
  require.cache[filename] = module;
}

/** A class whose objects keep their arguments and make the real object at the first call of one of `methods`. */
function lazyConstructor(
  load: () => new (...args: unknown[]) => Record<string, unknown>,
  methods: readonly string[],
): new (...args: unknown[]) => object {
  class StandIn {
    readonly #args: unknown[];
    #real: Record<string, unknown> | undefined;
    constructor(...args: unknown[]) {
      this.#args = args;
    }
    static {
      for (const name of methods)
        Object.defineProperty(StandIn.prototype, name, {
          value(this: StandIn, ...args: unknown[]) {
            const real = (this.#real ??= new (load())(...this.#args));
            return (real[name] as (...a: unknown[]) => unknown).apply(real, args);
          },
        });
    }
  }
  return StandIn;
}
