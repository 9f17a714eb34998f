import Module, { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * Modules that fontkit and pdfkit require as they load, for what few builds use: brotli's
 * decoder for WOFF2 fonts (fontkit) and AES for encrypted PDFs (pdfkit, which tilpress never
 * encrypts). Each is put in require's cache as a stand-in that loads the real module at its
 * first use, so a build without WOFF2 fonts never loads them: loading fontkit and pdfkit took
 * 108 ms without the stand-ins and 83 ms with them (`node bench/module-load.js 12`). Import
 * this module before fontkit or pdfkit.
 */
const DEFERRED: readonly { readonly from: string; readonly request: string; readonly kind: "function" | "object" }[] = [
  { from: "fontkit", request: "brotli/decompress.js", kind: "function" },
  { from: "pdfkit", request: "@noble/ciphers/aes", kind: "object" },
];

for (const { from, request, kind } of DEFERRED) defer(from, request, kind);

function defer(from: string, request: string, kind: "function" | "object"): void {
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
    kind === "function"
      ? (...args: unknown[]) => (load() as unknown as (...a: unknown[]) => unknown)(...args)
      : new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });
  const module = new Module(filename);
  module.filename = filename;
  module.loaded = true;
  module.exports = standIn;
  require.cache[filename] = module;
}
