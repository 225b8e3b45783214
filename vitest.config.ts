import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 180_000,
    // every job already runs several ranks on a 2-core machine
    fileParallelism: false,
  },
});
