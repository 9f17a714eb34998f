import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    // Tests build into temp folders; two workers match this machine's cores.
    pool: "forks",
  },
});
