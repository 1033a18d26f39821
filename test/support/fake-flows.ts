import type { Page, Route } from "playwright-core";

/**
 * A stand-in for the flows API inside the browser (page.route), so every step of the widget can
 * be driven, checked with axe and photographed deterministically, against the real built widget
 * on the real cross-origin demo page with the real /v1/config. The real flows API is exercised
 * by the end-to-end flow tests; this one only scripts the envelopes and refusals it would send.
 */
export interface FakeAnswer {
  status?: number;
  state?: string;
  extra?: Record<string, unknown>;
  error?: { code: string; details?: { path: string; issue: string }[]; retryAfter?: number };
}

export type FlowScript = (state: string, payload: Record<string, unknown>) => FakeAnswer;

export const FAKE_FLOW_ID = "demo.e2eFakeFlow0000000000000";

/** Fakes flows of one type (the others reach the real worker); starts them at `first`. */
export async function fakeFlows(
  page: Page,
  api: string,
  script: FlowScript,
  options: { type?: string; first?: string; firstExtra?: Record<string, unknown> } = {},
): Promise<{ submits: unknown[] }> {
  const { type: fakedType = "reset", first: firstState = "identify", firstExtra = {} } = options;
  const submits: unknown[] = [];
  let state = firstState;
  let extra: Record<string, unknown> = firstExtra;
  const envelope = (type: string) => ({ id: FAKE_FLOW_ID, type, state, expiresAt: new Date(Date.now() + 900_000).toISOString(), messages: [], ui: {}, ...extra });
  const reply = (route: Route, status: number, body: unknown, headers: Record<string, string> = {}) =>
    route.fulfill({
      status,
      contentType: "application/json",
      headers: { "access-control-allow-origin": route.request().headers().origin ?? "*", "access-control-expose-headers": "retry-after", ...headers },
      body: JSON.stringify(body),
    });

  await page.route(`${api}/v1/flows/**`, async (route) => {
    const request = route.request();
    const target = new URL(request.url()).pathname.split("/").pop();
    if (target !== FAKE_FLOW_ID && target !== fakedType) return route.continue();
    if (request.method() === "OPTIONS") {
      return route.fulfill({
        status: 204,
        headers: { "access-control-allow-origin": request.headers().origin ?? "*", "access-control-allow-methods": "GET, POST", "access-control-allow-headers": "content-type" },
      });
    }
    if (target !== FAKE_FLOW_ID) {
      state = firstState;
      extra = firstExtra;
      return reply(route, 201, envelope(fakedType));
    }
    if (request.method() === "GET") return reply(route, 200, envelope(fakedType));
    const payload = request.postDataJSON() as Record<string, unknown>;
    submits.push(payload);
    const answer = script(state, payload);
    if (answer.state) state = answer.state;
    if (answer.extra) extra = answer.extra;
    if (answer.error) {
      const { retryAfter, ...error } = answer.error;
      return reply(route, answer.status ?? 400, { error: { ...error, message: "…", requestId: "e2e" }, flow: envelope(fakedType) }, retryAfter ? { "retry-after": String(retryAfter) } : {});
    }
    return reply(route, 200, envelope(fakedType));
  });
  return { submits };
}
