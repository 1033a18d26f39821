import type { Env } from "../env";

/**
 * The CAPTCHA check every identify step passes through. The tenant's provider is `none` until
 * the fraud-defence work adds proof-of-work (ALTCHA) and Turnstile behind this same call; the
 * flows do not change when it does.
 */
export type CaptchaProvider = "none";

export async function verifyCaptcha(_env: Env, _tenantId: string, _token: string | undefined): Promise<boolean> {
  const provider: CaptchaProvider = "none";
  return provider === "none";
}
