import { beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import { browser } from "wxt/browser";
import { deviceSigningString } from "#contract/extension";
import { accountsItem, cursorItem, saveAccount, type Account } from "./accounts";
import { createBackground } from "./background-main";
import { memoryKeys, newDeviceKey } from "./device-key";

const account: Account = { id: "demo/usr_aaaaaaaaaa", server: "http://sesame.test", tenant: "demo", tenantName: "Contoso", userId: "usr_aaaaaaaaaa", userName: "alice@contoso.example", deviceId: "ext_bbbbbbbbbb", pairedAt: "2026-01-01T00:00:00.000Z" };

const fromBase64url = (text: string) => Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

async function setup() {
  const keyStore = memoryKeys();
  const { keys } = await newDeviceKey();
  await keyStore.put(account.id, keys);
  await saveAccount(account);
  const requests: Request[] = [];
  const fetcher = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    requests.push(new Request(url, init));
    return new Response(JSON.stringify({ outcome: "approved", alerts: [], approvals: [], blocked: false, seq: 0 }), { status: 200 });
  }) as unknown as typeof fetch;
  const background = createBackground({ keyStore, fetcher, openSocket: () => ({ readyState: 0, send() {}, close() {}, onopen: null, onmessage: null, onclose: null, onerror: null }) });
  return { background, keys, keyStore, requests };
}

describe("the background", () => {
  beforeEach(() => fakeBrowser.reset());

  it("answers the pages' messages through runtime messaging, refusing what does not parse", async () => {
    const { background } = await setup();
    browser.runtime.onMessage.addListener(background.messageListener);
    expect(await browser.runtime.sendMessage({ type: "hack", accountId: account.id })).toEqual({ ok: false, code: "VALIDATION_FAILED" });
    expect(await browser.runtime.sendMessage({ type: "report", accountId: "nobody/usr_x", alertId: "alr_xxxxxxxxxx" })).toEqual({ ok: false, code: "ACCOUNT_NOT_FOUND" });
  });

  it("signs an approval with the device key, over the exact request", async () => {
    const { background, keys, requests } = await setup();
    const answer = await background.handle({ type: "decide", accountId: account.id, approvalId: "apr_1111111111", decision: "approve", number: "42" });
    expect(answer).toEqual({ ok: true, value: expect.objectContaining({ outcome: "approved" }) });
    const request = requests[0]!;
    expect(request.url).toBe("http://sesame.test/v1/extension/approvals/apr_1111111111");
    const body = await request.text();
    expect(JSON.parse(body)).toEqual({ decision: "approve", number: "42" });
    const fields = Object.fromEntries(request.headers.get("authorization")!.replace("Sesame-Device ", "").split(",").map((p) => p.split("=") as [string, string]));
    expect(fields).toMatchObject({ tenant: "demo", user: account.userId, device: account.deviceId });
    const digest = [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)))].map((b) => b.toString(16).padStart(2, "0")).join("");
    const signed = new TextEncoder().encode(deviceSigningString("POST", "/v1/extension/approvals/apr_1111111111", Number(fields.ts), digest));
    expect(await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, keys.publicKey, fromBase64url(fields.sig!), signed)).toBe(true);
  });

  it("polls an account when its alarm fires, and forgets everything on sign-out", async () => {
    const { background, keyStore, requests } = await setup();
    await cursorItem(account.id).setValue(7);
    await background.onAlarm(`poll:${account.id}`);
    expect(requests.some((r) => r.url.endsWith("/v1/extension/alerts?after=7"))).toBe(true);
    expect(await background.handle({ type: "forget", accountId: account.id })).toEqual({ ok: true });
    expect(requests.at(-1)!.method).toBe("DELETE");
    expect(await keyStore.get(account.id)).toBeNull();
    expect(await accountsItem.getValue()).toEqual([]);
  });
});
