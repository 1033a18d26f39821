import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

/**
 * Local secrets for `wrangler dev`, generated once per checkout into `.dev.vars` (git-ignored).
 * Production takes the same names from `wrangler secret put`.
 */
const generated = {
  SESAME_ENV: () => "development",
  SESAME_BOOTSTRAP_SECRET: () => randomBytes(24).toString("base64url"),
  OTP_HMAC_SECRET: () => randomBytes(36).toString("base64url"),
};

/** Reads `.dev.vars`, adding any variable it lacks; returns all of them. */
export function ensureDevVars(path = ".dev.vars") {
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  const vars = Object.fromEntries(
    text
      .split("\n")
      .map((line) => /^\s*([A-Z0-9_]+)\s*=\s*"?(.*?)"?\s*$/.exec(line))
      .filter(Boolean)
      .map((match) => [match[1], match[2]]),
  );
  const missing = Object.keys(generated).filter((name) => !(name in vars));
  if (missing.length > 0) {
    for (const name of missing) vars[name] = generated[name]();
    const lines = missing.map((name) => `${name}=${vars[name]}`).join("\n");
    writeFileSync(path, `${text}${text && !text.endsWith("\n") ? "\n" : ""}${lines}\n`, { mode: 0o600 });
  }
  return vars;
}
