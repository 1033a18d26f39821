import { afterEach, describe, expect, it, vi } from "vitest";
import { startEarlyRequests, takeEarly } from "./early-requests";

afterEach(() => vi.unstubAllGlobals());

describe("early requests", () => {
  it("starts the flow (a POST without body: no preflight) and the config at render time", async () => {
    const fetcher = vi.fn(async (url: string) => new Response(JSON.stringify({ url })));
    vi.stubGlobal("fetch", fetcher);
    const early = startEarlyRequests("https://sesame.example", { tenant: "early-a", flow: "sms-signin" });
    expect([...early.keys()]).toEqual(["https://sesame.example/v1/flows/sms_signin?tenant=early-a", "https://sesame.example/v1/config?tenant=early-a"]);
    expect(fetcher.mock.calls[0]).toEqual(["https://sesame.example/v1/flows/sms_signin?tenant=early-a", { method: "POST", credentials: "omit", mode: "cors" }]);
    const take = takeEarly(early, fetcher as unknown as typeof fetch);
    await take("https://sesame.example/v1/flows/sms_signin?tenant=early-a", { method: "POST" });
    await take("https://sesame.example/v1/flows/sms_signin?tenant=early-a", { method: "POST" });
    // Handed out once; the second call is a request of its own.
    expect(fetcher).toHaveBeenCalledTimes(3);
  });

  it("asks for a tenant's config once per page, however many widgets it has", async () => {
    const fetcher = vi.fn(async (_url: string) => new Response(`{"id":"early-b"}`));
    vi.stubGlobal("fetch", fetcher);
    const first = startEarlyRequests("https://sesame.example", { tenant: "early-b" });
    const second = startEarlyRequests("https://sesame.example", { tenant: "early-b", flow: "unlock" });
    const url = "https://sesame.example/v1/config?tenant=early-b";
    expect(await (await first.get(url)!).json()).toEqual({ id: "early-b" });
    expect(await (await second.get(url)!).json()).toEqual({ id: "early-b" });
    expect(fetcher.mock.calls.filter(([called]) => called === url)).toHaveLength(1);
  });

  it("starts nothing for options the app will refuse", () => {
    const fetcher = vi.fn();
    vi.stubGlobal("fetch", fetcher);
    for (const options of [{}, { tenant: "Bad Tenant" }, { tenant: "demo", flow: "nope" }, { tenant: "demo", flow: "toString" }]) {
      expect(startEarlyRequests("https://sesame.example", options).size).toBe(0);
    }
    expect(fetcher).not.toHaveBeenCalled();
  });

  it("falls back to a fresh request when the early one failed", async () => {
    const fetcher = vi.fn(async () => new Response("{}"));
    const early = new Map([["https://x/v1/config?tenant=demo", Promise.reject(new TypeError("offline"))]]);
    const take = takeEarly(early, fetcher as unknown as typeof fetch);
    expect((await take("https://x/v1/config?tenant=demo")).ok).toBe(true);
    expect(fetcher).toHaveBeenCalledOnce();
  });
});
