import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { WxtVitest } from "wxt/testing/vitest-plugin";

/**
 * Test-only secrets. Real deployments get theirs from `wrangler secret put` (docs/codes-throttles-delivery.md).
 * The webhook secret is 32 bytes of base64, as Standard Webhooks secrets are.
 */
const testSecrets = {
  SESAME_BOOTSTRAP_SECRET: "test-bootstrap-secret-0123456789",
  OTP_HMAC_SECRET: "test-otp-hmac-secret-0123456789abcdef0123456789",
  TWILIO_ACCOUNT_SID: "AC00000000000000000000000000000000",
  TWILIO_AUTH_TOKEN: "test-twilio-auth-token",
  VONAGE_API_KEY: "test-vonage-key",
  VONAGE_API_SECRET: "test-vonage-secret",
  RESEND_API_KEY: "re_test_key",
  WEBHOOK_SECRET: "whsec_LAmAYtJhCVNiFKtx+IJJT9i9Zq6SiMe3Lyob/ie/2w8=",
};

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
          // Provider base URLs point at the fake providers that globalSetup starts on 127.0.0.1.
          cloudflareTest(async ({ inject }) => {
            const fakes = `http://127.0.0.1:${inject<number>("fakeProvidersPort")}`;
            return {
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: {
                bindings: {
                  SESAME_ENV: "test",
                  ...testSecrets,
                  TWILIO_API_BASE: `${fakes}/twilio`,
                  TWILIO_FROM: "+15005550006",
                  VONAGE_API_BASE: `${fakes}/vonage`,
                  VONAGE_FROM: "Sesame",
                  RESEND_API_BASE: `${fakes}/resend`,
                  EMAIL_FROM: "Sesame <no-reply@sesame.test>",
                  SMS_WEBHOOK_URL: `${fakes}/webhook/sms`,
                  EMAIL_WEBHOOK_URL: `${fakes}/webhook/email`,
                  TURNSTILE_SITEVERIFY_URL: `${fakes}/turnstile/siteverify`,
                },
              },
            };
          }),
        ],
        test: {
          name: "worker",
          include: ["worker/**/*.test.ts", "test/worker/**/*.test.ts"],
          // Argon2id and many objects per test: generous limits keep a loaded machine from failing
          // a test that is merely slow; a hang still fails.
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ["test/fakes/providers.mjs", "test/fakes/webhook-receiver.mjs"],
        },
      },
      {
        test: {
          name: "node",
          environment: "node",
          include: ["contract/**/*.test.ts", "scripts/**/*.test.ts", "test/node/**/*.test.ts", "agent/**/*.test.ts"],
          // A real OpenLDAP (Debian's slapd) for the writeback agent's directory tests.
          globalSetup: ["test/support/slapd.ts"],
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
        // The extension's logic with WXT's fake browser (storage, alarms, notifications, messaging).
        plugins: [WxtVitest({ root: "extension" })],
        oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
        test: {
          name: "extension",
          environment: "node",
          include: ["extension/**/*.test.{ts,tsx}"],
        },
      },
      {
        // Whole-system tests: the real worker started as a developer starts it.
        test: {
          name: "e2e",
          environment: "node",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/support/slapd.ts"],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
