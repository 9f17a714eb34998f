import type { FontFace } from "./fontStack.js";

/** The values of a face's `post` table header the PDF's FontDescriptor needs. */
export interface PostHeader {
  /** Degrees counter-clockwise from vertical (a 16.16 fixed-point number, as fontkit reads it). */
  readonly italicAngle: number;
  readonly isFixedPitch: boolean;
}

/**
 * Read from the table's first 16 bytes rather than through fontkit, whose `post` getter decodes
 * the whole table, every glyph name of a version 2 table included: some 3,500 names in each
 * DejaVu face, 20–40 ms of a cold build per face for two numbers (measured with --cpu-prof,
 * 2026-12-02). A face without the table (fontkit would give 0 and false) gives the same.
 */
export function postHeader(face: FontFace): PostHeader {
  const data = face.data;
  const numTables = data.length >= 6 ? data.readUInt16BE(4) : 0;
  for (let i = 0; i < numTables && 12 + i * 16 + 16 <= data.length; i++) {
    const at = 12 + i * 16;
    if (data.toString("latin1", at, at + 4) !== "post") continue;
    const offset = data.readUInt32BE(at + 8);
    if (offset + 16 > data.length) break;
    return { italicAngle: data.readInt32BE(offset + 4) / 65536, isFixedPitch: data.readUInt32BE(offset + 12) !== 0 };
  }
  return { italicAngle: 0, isFixedPitch: false };
}
