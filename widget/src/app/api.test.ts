import { describe, expect, it } from "vitest";
import { createFlowApi, parseRetryAfter } from "./api";
import { envelope } from "./testing/fakes";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

function recording(answer: () => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetcher = async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return answer();
  };
  return { calls, api: createFlowApi("https://sesame.example", fetcher) };
}

describe("the flows API client", () => {
  it("creates a flow by POST /v1/flows/:type?tenant=, without cookies", async () => {
    const { calls, api } = recording(() => json(201, envelope("identify")));
    const answer = await api.create("sms_signin", "demo");
    expect(answer).toEqual({ ok: true, value: envelope("identify", { expiresAt: expect.any(String) }) });
    expect(calls[0]!.url).toBe("https://sesame.example/v1/flows/sms_signin?tenant=demo");
    expect(calls[0]!.init).toMatchObject({ method: "POST", credentials: "omit", mode: "cors" });
  });

  it("submits the step's payload as JSON to POST /v1/flows/:id", async () => {
    const { calls, api } = recording(() => json(200, envelope("choose_method")));
    await api.submit("demo.abcdefghijklmnopqrstuvwx", { identifier: "alice@contoso.example" });
    expect(calls[0]!.url).toBe("https://sesame.example/v1/flows/demo.abcdefghijklmnopqrstuvwx");
    expect(JSON.parse(String(calls[0]!.init!.body))).toEqual({ identifier: "alice@contoso.example" });
    expect((calls[0]!.init!.headers as Record<string, string>)["content-type"]).toBe("application/json");
  });

  it("keeps a refusal's code, details, Retry-After and the flow that came with it", async () => {
    const flow = envelope("verify_code", { ui: { code: { channel: "sms", length: 6, resendAvailableAt: null, attemptsLeft: 2 } } });
    const { api } = recording(() =>
      json(429, { error: { code: "RATE_LIMITED", message: "…", requestId: "r1", details: [{ path: "code", issue: "x" }] }, flow }, { "retry-after": "42" }),
    );
    expect(await api.submit("x", {})).toEqual({
      ok: false,
      error: { code: "RATE_LIMITED", status: 429, retryAfter: 42, details: [{ path: "code", issue: "x" }], flow },
    });
  });

  it("turns a failed fetch into NETWORK_ERROR and an unreadable answer into INTERNAL", async () => {
    expect(await recording(() => Promise.reject(new TypeError("Failed to fetch"))).api.get("x")).toEqual({ ok: false, error: { code: "NETWORK_ERROR", status: 0 } });
    expect(await recording(() => new Response("<html>", { status: 502 })).api.get("x")).toEqual({ ok: false, error: { code: "INTERNAL", status: 502 } });
    expect(await recording(() => json(200, { hello: "world" })).api.get("x")).toEqual({ ok: false, error: { code: "INTERNAL", status: 200 } });
  });

  it("reads the tenant's public config", async () => {
    const { calls, api } = recording(() => json(200, { id: "demo", displayName: "Demo", branding: {}, helpdesk: { text: "Call us" } }));
    expect((await api.config("demo")).ok).toBe(true);
    expect(calls[0]!.url).toBe("https://sesame.example/v1/config?tenant=demo");
  });

  it("asks once for a tenant's config however many widgets a page has, and again after a failure", async () => {
    let status = 503;
    const { calls, api } = recording(() => json(status, status === 200 ? { id: "demo", displayName: "Demo", branding: {}, helpdesk: {} } : { error: { code: "INTERNAL" } }));
    expect((await api.config("demo")).ok).toBe(false);
    status = 200;
    const [a, b] = await Promise.all([api.config("demo"), api.withToken("t").config("demo")]);
    expect(a.ok && b.ok).toBe(true);
    expect(calls.map((call) => call.url)).toEqual(["https://sesame.example/v1/config?tenant=demo", "https://sesame.example/v1/config?tenant=demo"]);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates, and ignores the rest", () => {
    const now = Date.parse("2026-11-23T10:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120);
    expect(parseRetryAfter("Mon, 23 Nov 2026 10:01:30 GMT", now)).toBe(90);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
