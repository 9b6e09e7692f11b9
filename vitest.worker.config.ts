// Tests inside workerd (real D1, queues with the dead-letter queue, R2 and Durable Objects) via the vitest plugin.
import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { startSourceServer } from "./test/support/source-server.ts";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  // Import sources for source_url tests, served from this Node process for as long as the test run lasts.
  const sources = await startSourceServer();
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        remoteBindings: false,
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ENABLE_TEST_JOB_TYPES: "true",
            SOURCE_SERVER_URL: sources.url,
            // Short budgets so that continuations, backoff and lease expiry happen within a test's time.
            RUN_BUDGET_MS: "300",
            LEASE_MS: "2000",
            CALLBACK_MAX_ATTEMPTS: "3",
            // A receiver that never answers fails an attempt this soon.
            OUTBOUND_TIMEOUT_MS: "500",
            // The soak raises this to fuzz with thousands of cases.
            FUZZ_RUNS: process.env.FUZZ_RUNS ?? "40",
          },
        },
      }),
    ],
    test: {
      include: ["test/worker/**/*.test.ts"],
      setupFiles: ["./test/support/workerd/apply-migrations.ts"],
      // Vitest's default is one file at a time on a 2-core machine (cores - 1), but a file here mostly waits on
      // workerd and on its own short timers: two at once take the suite from ~300 s to ~180 s on 2 cores.
      maxWorkers: 2,
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  };
});
