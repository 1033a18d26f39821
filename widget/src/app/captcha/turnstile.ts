import { effect } from "@preact/signals";
import type { CaptchaModel } from "../models/captcha";

/**
 * Cloudflare Turnstile, for tenants that chose it over ALTCHA (phoneProtection.captcha). This
 * chunk is fetched only then. It loads Turnstile's script explicitly (the one thing the widget
 * ever adds to the host page's <head>, as Turnstile requires) and renders Turnstile's widget
 * into a box in the first step; its token goes to the CAPTCHA model, which sends it with the
 * step. The partner's CSP must allow https://challenges.cloudflare.com in `script-src` and
 * `frame-src`, and, under Trusted Types, the `sesame` policy (docs/widget.md).
 */
export const TURNSTILE_SCRIPT = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";

export interface TurnstileChallenge {
  siteKey: string;
  action: string;
  cData: string;
}

interface TurnstileApi {
  render(element: HTMLElement, options: Record<string, unknown>): string | undefined;
  reset(widgetId: string): void;
  remove(widgetId: string): void;
}

type TrustedTypes = { createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): string } };
let loading: Promise<TurnstileApi> | undefined;

/** The script URL as a Trusted Types policy vouches for it, where the page enforces Trusted Types. */
let trusted: string | undefined;
function scriptUrl(): string {
  const trustedTypes = (globalThis as { trustedTypes?: TrustedTypes }).trustedTypes;
  if (!trustedTypes) return TURNSTILE_SCRIPT;
  if (trusted) return trusted;
  // A policy name may be created once per page.
  const policy = trustedTypes.createPolicy("sesame", {
    createScriptURL: (url) => {
      if (url !== TURNSTILE_SCRIPT) throw new TypeError("sesame: only Turnstile's script may be loaded");
      return url;
    },
  });
  trusted = policy.createScriptURL(TURNSTILE_SCRIPT);
  return trusted;
}

export function loadTurnstile(document: Document): Promise<TurnstileApi> {
  const existing = (globalThis as { turnstile?: TurnstileApi }).turnstile;
  if (existing) return Promise.resolve(existing);
  loading ??= new Promise<TurnstileApi>((resolve, reject) => {
    const script = document.createElement("script");
    script.src = scriptUrl();
    script.async = true;
    script.onload = () => {
      const api = (globalThis as { turnstile?: TurnstileApi }).turnstile;
      if (api) resolve(api);
      else reject(new Error("Turnstile did not load"));
    };
    script.onerror = () => {
      loading = undefined;
      script.remove();
      reject(new Error("Turnstile could not be fetched"));
    };
    document.head.append(script);
  });
  return loading;
}

/**
 * Renders Turnstile into `box` and feeds its tokens to the model; returns the cleanup.
 *
 * @example
 * const stop = mountTurnstile(box, flow.ui.captcha.challenge, model.captcha, { language: "fr", theme: "auto" });
 */
export function mountTurnstile(
  box: HTMLElement,
  challenge: TurnstileChallenge,
  captcha: CaptchaModel,
  options: { language: string; theme: "light" | "dark" | "auto"; onError(): void },
): () => void {
  let stopped = false;
  let widgetId: string | undefined;
  let stopRounds = () => {};
  loadTurnstile(box.ownerDocument).then(
    (turnstile) => {
      if (stopped) return;
      widgetId = turnstile.render(box, {
        sitekey: challenge.siteKey,
        action: challenge.action,
        cData: challenge.cData,
        language: options.language,
        theme: options.theme,
        // Sesame asks for a token when the step is submitted; Turnstile must not refresh by itself.
        "refresh-expired": "manual",
        callback: (token: string) => captcha.turnstileToken(token),
        "expired-callback": () => captcha.turnstileToken(null),
        "error-callback": () => {
          captcha.turnstileToken(null);
          options.onError();
        },
      });
      let first = true;
      // A spent or refused token: ask Turnstile for another.
      stopRounds = effect(() => {
        captcha.turnstileRound.value;
        if (!first && widgetId) turnstile.reset(widgetId);
        first = false;
      });
    },
    () => options.onError(),
  );
  return () => {
    stopped = true;
    stopRounds();
    if (widgetId) (globalThis as { turnstile?: TurnstileApi }).turnstile?.remove(widgetId);
  };
}
