import { inject } from "vitest";

/**
 * The fake providers that test/fakes/providers.mjs runs on 127.0.0.1 for the whole run. Tests
 * key everything by destination, so files running in parallel never see each other's requests.
 */
export interface FakeRequest {
  provider: "twilio" | "vonage" | "resend" | "webhook";
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  destination: string;
  at: number;
}

const base = () => `http://127.0.0.1:${inject("fakeProvidersPort")}`;

/** Makes the named providers fail (HTTP error) or hang (never answer) for one destination. */
export async function fakeScenario(destination: string, scenario: { fail?: string[]; hang?: string[] }): Promise<void> {
  const response = await fetch(`${base()}/_scenario`, { method: "POST", body: JSON.stringify({ destination, ...scenario }) });
  if (response.status !== 204) throw new Error(`fake scenario not set: ${response.status}`);
}

/** Every request the fakes received for one destination, oldest first. */
export async function fakeRequests(destination: string): Promise<FakeRequest[]> {
  const response = await fetch(`${base()}/_requests?destination=${encodeURIComponent(destination)}`);
  return (await response.json()) as FakeRequest[];
}

const random = (digits: number) => String(Math.floor(Math.random() * 10 ** digits)).padStart(digits, "0");

/**
 * A destination no other test uses, since the fakes are shared by every test file of the run.
 * +1 555 numbers are fiction: nothing real is ever addressed, even by mistake.
 */
export const freshPhone = (): string => `+1555${random(7)}`;
export const freshEmail = (): string => `user-${random(9)}@example.com`;
