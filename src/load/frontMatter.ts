/** Split `---\nyaml\n---\nbody` into its parts, keeping offsets into the original text. */
export interface FrontMatterSplit {
  readonly yaml: string;
  /** Offset of the YAML text in the file. */
  readonly yamlOffset: number;
  readonly body: string;
  /** Offset of the body in the file. */
  readonly bodyOffset: number;
}

const OPEN = /^(?:\uFEFF)?---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;

export function splitFrontMatter(text: string): FrontMatterSplit | undefined {
  const open = OPEN.exec(text);
  if (!open) return undefined;
  const yamlOffset = open[0].length;
  const rest = text.slice(yamlOffset);
  const close = CLOSE.exec(rest);
  if (!close) return undefined;
  const bodyOffset = yamlOffset + close.index + close[0].length;
  return { yaml: rest.slice(0, close.index), yamlOffset, body: text.slice(bodyOffset), bodyOffset };
}
