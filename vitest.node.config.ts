// Node-side tests: pure modules (domain, lifecycle, schemas) and the TUI. No workerd here.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/node/**/*.test.ts"],
    environment: "node",
  },
});
