/** The only link schemes tilpress ever writes into an output. */
const SAFE_SCHEMES = new Set(["http:", "https:", "mailto:"]);

/** True for absolute http(s) and mailto URLs; everything else (javascript:, data:, relative) is refused. */
export function isSafeUrl(url: string): boolean {
  // Browsers strip control characters and whitespace before reading the scheme.
  // eslint-disable-next-line no-control-regex -- control characters are what is stripped
  const trimmed = url.replace(/[\u0000-\u0020\u007f]/g, "");
  if (trimmed !== url.trim()) return false;
  try {
    return SAFE_SCHEMES.has(new URL(trimmed).protocol);
  } catch {
    return false;
  }
}
