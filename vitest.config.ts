import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/globalSetup.ts"],
    testTimeout: 60_000,
    // Tests build into temp folders; two workers match this machine's cores (vitest's default
    // is one fewer than the cores: one worker here, 11 minutes instead of about 7).
    pool: "forks",
    maxWorkers: 2,
  },
});
