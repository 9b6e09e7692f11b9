// Bindings only the test configuration adds.
declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    ENABLE_TEST_JOB_TYPES?: string;
    SOURCE_SERVER_URL: string;
    FUZZ_RUNS?: string;
  }
}
