import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/**
 * One `vitest run` for every part: worker tests in real workerd (with real SQLite-backed Durable
 * Objects and storage isolated per test file), the rest in Node.
 */
export default defineConfig({
  test: {
    // Structured logs of passing tests are noise; a failing test still shows what it printed.
    silent: "passed-only",
    projects: [
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                SESAME_ENV: "test",
                SESAME_BOOTSTRAP_SECRET: "test-bootstrap-secret-0123456789",
              },
            },
          }),
        ],
        test: {
          name: "worker",
          include: ["worker/**/*.test.ts", "test/worker/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "node",
          environment: "node",
          include: ["contract/**/*.test.ts", "scripts/**/*.test.ts", "test/node/**/*.test.ts"],
        },
      },
      {
        // The widget's models and components, in Node with happy-dom for the DOM; JSX is Preact's.
        oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
        test: {
          name: "widget",
          environment: "happy-dom",
          include: ["widget/**/*.test.{ts,tsx}"],
        },
      },
      {
        // Whole-system tests: the real worker started as a developer starts it.
        test: {
          name: "e2e",
          environment: "node",
          include: ["test/e2e/**/*.test.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
