import { signal } from "@preact/signals";
import type { FlowUi } from "#contract/flows/envelope";

/**
 * The CAPTCHA of a flow's first step (`ui.captcha`), kept out of the user's way: ALTCHA's proof
 * of work starts solving the moment a challenge arrives (while the user is still typing), and a
 * submit only waits, showing "Checking your browser…", if it comes before the solution.
 * Turnstile's token comes from its own widget (captcha/turnstile.ts), which the step renders.
 * A solution to any challenge of the flow is good for that flow, so the first one is solved and
 * later envelopes' fresh challenges are ignored until the server refuses (CAPTCHA_INVALID).
 */
export type Captcha = NonNullable<FlowUi["captcha"]>;
export type AltchaSolver = (challenge: never, signal: AbortSignal) => Promise<string | null>;

const loadAltcha = (): Promise<AltchaSolver> => import("../captcha/altcha").then((module) => module.solveAltcha);

export function captchaModel(loadSolver: () => Promise<AltchaSolver> = loadAltcha) {
  /** A submit is waiting for the proof. */
  const checking = signal(false);
  /** Bumped when a Turnstile token has been spent or refused, so its widget fetches another. */
  const turnstileRound = signal(0);
  type Solving = { token: Promise<string | null>; abort: AbortController; solved?: string | null };
  let altcha: Solving | null = null;
  let turnstile: { token: string | null; waiting: ((token: string) => void)[] } = { token: null, waiting: [] };

  /** Starts on the challenge at once; nothing happens for another provider or when already solving. */
  const prepare = (captcha: Captcha | undefined) => {
    if (captcha?.provider !== "altcha" || altcha) return;
    const abort = new AbortController();
    const token = loadSolver().then(
      (solve) => solve(captcha.challenge as never, abort.signal),
      () => null,
    );
    const solving: Solving = { token, abort };
    void token.then((value) => (solving.solved = value));
    altcha = solving;
  };

  /** The token to send for this captcha, waiting for it if need be; undefined when none is asked for. */
  const token = async (captcha: Captcha | undefined): Promise<string | undefined> => {
    if (!captcha || captcha.provider === "none") return undefined;
    if (captcha.provider === "altcha") prepare(captcha);
    // Ready already: no "checking" flash.
    const ready = captcha.provider === "altcha" ? altcha!.solved : turnstile.token;
    if (ready !== undefined && ready !== null) return ready;
    checking.value = true;
    try {
      if (captcha.provider === "altcha") return (await altcha!.token) ?? "";
      return await new Promise<string>((resolve) => turnstile.waiting.push(resolve));
    } finally {
      checking.value = false;
    }
  };

  /** The last token was spent or refused: the next one is solved afresh. */
  const discard = () => {
    altcha?.abort.abort();
    altcha = null;
    if (turnstile.token !== null) {
      turnstile.token = null;
      turnstileRound.value++;
    }
  };

  /** Turnstile's callbacks: a token arrived, or the one held expired (null). */
  const turnstileToken = (value: string | null) => {
    turnstile.token = value;
    if (value === null) return;
    const waiting = turnstile.waiting;
    turnstile = { token: value, waiting: [] };
    for (const resolve of waiting) resolve(value);
  };

  const dispose = () => altcha?.abort.abort();

  return { checking, turnstileRound, prepare, token, discard, turnstileToken, dispose };
}
export type CaptchaModel = ReturnType<typeof captchaModel>;
