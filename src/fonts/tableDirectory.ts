/** Where one table of a font file is: its bytes are `data.subarray(offset, offset + length)`. */
export interface TableRecord {
  readonly offset: number;
  readonly length: number;
}

/**
 * A TrueType or OpenType file's table directory, read from its bytes (fontkit is not needed for
 * where the tables are), and the first reason it cannot be trusted, in words a diagnostic can
 * give (src/fonts/fontProbe.ts): a header cut short, more records than the file holds, a table
 * past the end. The tables read before the problem are kept.
 */
export function readTableDirectory(data: Buffer): { tables: Map<string, TableRecord>; problem?: string } {
  const tables = new Map<string, TableRecord>();
  if (data.length < 12) return { tables, problem: "the file is shorter than a font's header" };
  const numTables = data.readUInt16BE(4);
  if (12 + numTables * 16 > data.length)
    return { tables, problem: `it lists ${numTables} tables, more than the file holds` };
  for (let i = 0; i < numTables; i++) {
    const at = 12 + i * 16;
    const tag = data.toString("latin1", at, at + 4);
    const offset = data.readUInt32BE(at + 8);
    const length = data.readUInt32BE(at + 12);
    if (offset + length > data.length)
      return { tables, problem: `the ${tag.trim()} table runs past the end of the file` };
    tables.set(tag, { offset, length });
  }
  return { tables };
}
