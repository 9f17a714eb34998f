import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256, sha256Joined } from "../src/core/hash.js";

describe("sha256Joined", () => {
  it("is the digest of the joined string, so the manifest's inputs hashes do not change", () => {
    const cases: string[][] = [
      [],
      [""],
      ["", ""],
      ["tilpress 1.0.0", "Ақорда мен Үкімет", "", "Сенат — «Нур Отан»", "😀"],
      ["a\u0000b", "c"],
    ];
    for (const parts of cases) {
      const expected = createHash("sha256")
        .update(Buffer.from(parts.join("\u0000"), "utf8"))
        .digest("hex");
      expect(sha256Joined(parts, "\u0000"), JSON.stringify(parts)).toBe(expected);
      expect(sha256Joined(parts, "\u0000")).toBe(sha256(parts.join("\u0000")));
    }
    // The empty list: the digest of the empty string.
    expect(sha256Joined([], "\u0000")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});
