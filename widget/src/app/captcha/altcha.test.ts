import { createChallenge, solveChallenge, verifySolution, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/web/sha";
import { describe, expect, it } from "vitest";
import { solveAltcha } from "./altcha";

/**
 * The widget's solver against altcha-lib, the library the worker verifies with
 * (worker/src/risk/captcha/altcha.ts): challenges made as the worker makes them, solutions
 * checked by its verifySolution. The e2e tests check it against the running worker too.
 */
const secrets = { hmacSignatureSecret: "challenge-secret-for-tests", hmacKeySignatureSecret: "key-secret-for-tests" };

const challenge = (counter: number, cost = 1) =>
  createChallenge({
    algorithm: "SHA-256",
    cost,
    counter,
    deriveKey,
    expiresAt: Math.floor(Date.now() / 1000) + 600,
    data: { flow: "demo.abcdefghijklmnopqrstuvwx", difficulty: 5000 },
    ...secrets,
  });

const decode = (token: string) => JSON.parse(atob(token)) as { challenge: Challenge; solution: { counter: number; derivedKey: string } };

describe("solveAltcha", () => {
  it.each([0, 1, 63, 64, 4321])("finds counter %i, and altcha-lib verifies the solution", async (counter) => {
    const made = await challenge(counter);
    const token = await solveAltcha(made);
    expect(token).not.toBeNull();
    const { challenge: sent, solution } = decode(token!);
    expect(sent).toEqual(made);
    expect(solution.counter).toBe(counter);
    const verdict = await verifySolution({ challenge: sent, solution: { ...solution, time: 0 }, deriveKey, ...secrets });
    expect(verdict.verified).toBe(true);
  });

  it("hashes `cost` times, as altcha-lib's deriveKey does", async () => {
    const made = await challenge(777, 3);
    const { solution } = decode((await solveAltcha(made))!);
    const reference = await solveChallenge({ challenge: made, deriveKey });
    expect(solution).toEqual({ counter: reference!.counter, derivedKey: reference!.derivedKey });
    expect((await verifySolution({ challenge: made, solution: { ...solution, time: 0 }, deriveKey, ...secrets })).verified).toBe(true);
  });

  it("makes a solution that fails verification once the challenge is tampered with", async () => {
    const made = await challenge(12);
    const { solution } = decode((await solveAltcha(made))!);
    const tampered = { ...made, parameters: { ...made.parameters, expiresAt: made.parameters.expiresAt! + 3600 } };
    expect((await verifySolution({ challenge: tampered, solution: { ...solution, time: 0 }, deriveKey, ...secrets })).verified).toBe(false);
  });

  it("yields to the page between slices, and stops when aborted", async () => {
    const made = await challenge(40_000);
    const abort = new AbortController();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    // A zero-length slice yields after every 64 hashes: timers keep running meanwhile.
    const solving = solveAltcha(made, abort.signal, 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    abort.abort();
    expect(await solving).toBeNull();
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(0);
  });

  it("refuses what it cannot solve rather than spin", async () => {
    const made = await challenge(1);
    expect(await solveAltcha({ ...made, parameters: { ...made.parameters, algorithm: "PBKDF2/SHA-256" } })).toBeNull();
  });
});
