import { createHash } from "node:crypto";

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * The SHA-256 of strings joined by a separator, the same digest as `sha256(parts.join(separator))`,
 * without making the joined string (a page's inputs are some 200 KB of catalog and templates).
 */
export function sha256Joined(parts: readonly string[], separator: string): string {
  const hash = createHash("sha256");
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) hash.update(separator);
    hash.update(parts[i]!);
  }
  return hash.digest("hex");
}
