import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call } from "../../test/api";
import { freshPhone } from "../../test/fakes";
import { app } from "../app";
import { deliver } from "../delivery/deliver";

describe("/dev/outbox", () => {
  it("shows what the outbox kept, as JSON and as a page", async () => {
    const to = freshPhone();
    const text = "482139 is your <Contoso> verification code.\n\n@login.contoso.com #482139";
    await deliver(env, { messageId: "msg_outbox_1", tenantId: "outbox-t", flowId: "flw_1", channel: "sms", to, locale: "en", text });

    const json = await call("GET", "/dev/outbox.json?tenant=outbox-t");
    expect(json.status).toBe(200);
    expect(json.headers.get("cache-control")).toBe("no-store");
    expect(json.json.value).toEqual([expect.objectContaining({ id: "msg_outbox_1", to, channel: "sms", text, tenantId: "outbox-t" })]);

    const page = await app.fetch(new Request("http://sesame.test/dev/outbox"), env, createExecutionContext());
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain("Dev outbox");
    expect(html).toContain("&lt;Contoso&gt;");
    expect(html).not.toContain("<Contoso>");
  });

  it("does not exist in production", async () => {
    const production = { ...env, SESAME_ENV: "production" as const };
    for (const path of ["/dev/outbox", "/dev/outbox.json"]) {
      const response = await app.fetch(new Request(`http://sesame.test${path}`), production, createExecutionContext());
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    }
  });
});
