import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeRequests, freshPhone } from "../../test/fakes";
import { codeMac } from "./code";
import { challengeOf, sendCode, type SendCodeInput } from "./send-code";

afterEach(() => vi.restoreAllMocks());

const hex = (bytes: ArrayBuffer | Uint8Array) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** Every row of every table of the flow's challenge, blobs as hex, as one string. */
const dumpStorage = (flowId: string) =>
  runInDurableObject(challengeOf(env, flowId).stub, (_, state) => {
    const tables = state.storage.sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'")
      .toArray()
      .map((t) => t.name);
    const rows = tables.flatMap((table) => state.storage.sql.exec(`SELECT * FROM "${table}"`).toArray());
    return JSON.stringify(rows, (_, value) => (value instanceof ArrayBuffer ? hex(value) : value));
  });

async function sendAndRead(input: Omit<SendCodeInput, "tenantId" | "tenantName" | "locale">) {
  const ctx = createExecutionContext();
  const sent = await sendCode(env, ctx, { tenantId: "contoso", tenantName: "Contoso", locale: "en", ...input }, { providers: ["twilio"] });
  await waitOnExecutionContext(ctx);
  const [request] = await fakeRequests(input.destination);
  const body = new URLSearchParams(request?.body ?? "").get("Body") ?? "";
  return { sent, body, code: /#(\d+)$/.exec(body)?.[1] ?? "" };
}

describe("sendCode", () => {
  it("issues, sends in the background and keeps the delivery record with the flow", async () => {
    const destination = freshPhone();
    const flowId = `flw_send_${crypto.randomUUID()}`;
    const { sent, body, code } = await sendAndRead({ flowId, channel: "sms", destination, origin: "https://login.contoso.com" });
    expect(sent).toMatchObject({ ok: true, value: { sendsLeft: 4 } });
    expect(code).toMatch(/^\d{6}$/);
    expect(body.startsWith(`${code} is your Contoso verification code.`)).toBe(true);
    expect(JSON.stringify(sent)).not.toContain(code);

    const [record] = await challengeOf(env, flowId).deliveries();
    expect(record).toMatchObject({ status: "sent", provider: "twilio", channel: "sms", flowId });
    expect(record!.to).not.toContain(destination.slice(-6));
    expect(JSON.stringify(record)).not.toContain(code);
    expect((await challengeOf(env, flowId).verify({ code, destination })).ok).toBe(true);
  });

  it("answers a refused resend without sending anything", async () => {
    const destination = freshPhone();
    const flowId = `flw_send_${crypto.randomUUID()}`;
    await sendAndRead({ flowId, channel: "sms", destination, origin: "https://login.contoso.com" });
    const again = await sendCode(env, createExecutionContext(), {
      tenantId: "contoso",
      tenantName: "Contoso",
      flowId,
      channel: "sms",
      destination,
      locale: "en",
      origin: "https://login.contoso.com",
    });
    expect(again).toMatchObject({ ok: false, code: "OTP_RESEND_TOO_SOON" });
    expect(await fakeRequests(destination)).toHaveLength(1);
  });
});

describe("codes in clear", () => {
  it("are never stored nor logged, and no secret is logged", async () => {
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((method) => vi.spyOn(console, method));
    const destination = freshPhone();
    const flowId = `flw_clear_${crypto.randomUUID()}`;
    const { code } = await sendAndRead({ flowId, channel: "sms", destination, origin: "https://login.contoso.com", length: 10 });
    expect(code).toMatch(/^\d{10}$/);

    // Stored: only the HMAC of the code under OTP_HMAC_SECRET, bound to tenant, flow and destination.
    const stored = await dumpStorage(flowId);
    const mac = await codeMac(env.OTP_HMAC_SECRET, { tenantId: "contoso", flowId, destination }, code);
    expect(stored).toContain(hex(mac));
    expect(stored).not.toContain(code);
    expect(stored).not.toContain(hex(new TextEncoder().encode(code)));

    const wrongCode = code.replace(/^./, (d) => String((Number(d) + 1) % 10));
    expect((await challengeOf(env, flowId).verify({ code: wrongCode, destination })).ok).toBe(false);
    expect((await challengeOf(env, flowId).verify({ code, destination })).ok).toBe(true);
    expect(await dumpStorage(flowId)).not.toContain(code);

    const logged = spies.flatMap((spy) => spy.mock.calls.map((args) => args.map(String).join(" "))).join("\n");
    // The capture works: the challenge's and delivery's own lines are in it.
    expect(logged).toContain("otp.issued");
    expect(logged).toContain("otp.verified");
    expect(logged).toContain('"msg":"delivery"');
    expect(logged).not.toContain(code);
    expect(logged).not.toContain(wrongCode);
    expect(logged).not.toContain(destination);
    for (const secret of [env.OTP_HMAC_SECRET, env.TWILIO_AUTH_TOKEN, env.WEBHOOK_SECRET, env.VONAGE_API_SECRET]) {
      expect(logged).not.toContain(secret!);
    }
  });
});
