import type { FontFace } from "./fontStack.js";
import { readTableDirectory } from "./tableDirectory.js";

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
  const post = readTableDirectory(data).tables.get("post");
  if (post && post.offset + 16 <= data.length)
    return {
      italicAngle: data.readInt32BE(post.offset + 4) / 65536,
      isFixedPitch: data.readUInt32BE(post.offset + 12) !== 0,
    };
  return { italicAngle: 0, isFixedPitch: false };
}
