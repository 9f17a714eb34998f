import { deflateSync } from "node:zlib";

/**
 * Deflate a PDF stream. Level 1 takes half the time of zlib's default 6 for a few per cent more
 * bytes. A PDF has a score of small streams (ToUnicode maps, CIDToGIDMaps, font subsets), and
 * setting up zlib's default 32 KB window and hash tables costs more than compressing them: the
 * window is sized to the data instead, which loses nothing when the data fits in it.
 */
export function deflateForPdf(data: Uint8Array): Buffer {
  const windowBits = Math.max(9, Math.min(15, Math.ceil(Math.log2(data.length + 262))));
  return deflateSync(data, { level: 1, windowBits, memLevel: Math.max(1, Math.min(8, windowBits - 6)) });
}
