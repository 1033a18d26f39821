import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call, errorCode } from "../../../test/api";
import { codeSentTo, flowTenant, startFlow, submit, userWithMethods, verifyBySms } from "../../../test/flows";
import { verifyPassword } from "../../password/set-password";

let origin = "";
let key = "";
const T = "refuse-flow";

beforeAll(async () => {
  ({ origin, key } = await flowTenant(T, { displayName: "Northwind Traders" }));
  await call("PATCH", `/v1/tenants/${T}/policies/password`, { token: key, body: { bannedPasswords: { customList: ["harbour"] } } });
});

describe("refusals in the reset flow", () => {
  it("answers an unknown or malformed flow id with FLOW_NOT_FOUND", async () => {
    expect(errorCode(await call("GET", `/v1/flows/${T}.AAAAAAAAAAAAAAAAAAAAAAAA`, { headers: { origin } }))).toBe("FLOW_NOT_FOUND");
    expect(errorCode(await call("GET", `/v1/flows/${T}.short`, { headers: { origin } }))).toBe("FLOW_NOT_FOUND");
  });

  it("refuses a foreign origin on create, fetch and submit", async () => {
    const id = (await startFlow(T, origin)).json.id;
    const evil = "https://evil.example";
    expect(errorCode(await startFlow(T, evil))).toBe("ORIGIN_NOT_ALLOWED");
    expect(errorCode(await call("GET", `/v1/flows/${id}`, { headers: { origin: evil } }))).toBe("ORIGIN_NOT_ALLOWED");
    expect(errorCode(await submit(id, evil, { identifier: "x@y.example" }))).toBe("ORIGIN_NOT_ALLOWED");
    expect((await call("GET", `/v1/flows/${id}`, { headers: { origin } })).json.state).toBe("identify");
  });

  it("answers an expired flow with FLOW_EXPIRED and changes nothing", async () => {
    const id = (await startFlow(T, origin)).json.id as string;
    const stub = env.FLOWS.get(env.FLOWS.idFromName(id));
    await runInDurableObject(stub, (_instance, state) => {
      const row = state.storage.sql.exec<{ doc: string }>("SELECT doc FROM flow").one();
      const record = JSON.parse(row.doc);
      state.storage.sql.exec("UPDATE flow SET doc = ?", JSON.stringify({ ...record, expiresAt: Date.now() - 1 }));
    });
    const answer = await submit(id, origin, { identifier: "x@y.example" });
    expect(answer.status).toBe(410);
    expect(errorCode(answer)).toBe("FLOW_EXPIRED");
    expect(errorCode(await call("GET", `/v1/flows/${id}`, { headers: { origin } }))).toBe("FLOW_EXPIRED");
  });

  it("refuses bad payloads with stable codes and stays on the step", async () => {
    const id = (await startFlow(T, origin)).json.id;
    for (const [body, code] of [
      [{}, "VALIDATION_FAILED"],
      [{ identifier: "x", extra: true }, "VALIDATION_FAILED"],
      [{ identifier: 42 }, "VALIDATION_FAILED"],
      [{ action: "verify", code: "123456" }, "FLOW_STATE_INVALID"],
      [{ password: "whatever-it-is" }, "FLOW_STATE_INVALID"],
    ] as const) {
      const answer = await submit(id, origin, body);
      expect(errorCode(answer), JSON.stringify(body)).toBe(code);
      expect(answer.json.flow.state).toBe("identify");
    }
    const raw = await call("POST", `/v1/flows/${id}`, { rawBody: "{oops", headers: { origin, "content-type": "application/json" } });
    expect(errorCode(raw)).toBe("BAD_JSON");
  });

  it("lets exactly one of many concurrent submits of the right code through", async () => {
    await userWithMethods(T, key, { userName: "race@r.example", phone: "+1 201 555 0131" });
    const id = (await startFlow(T, origin)).json.id;
    await submit(id, origin, { identifier: "race@r.example" });
    await submit(id, origin, { method: "sms-1", confirm: "+12015550131" });
    const code = await codeSentTo("+12015550131");
    const answers = await Promise.all(Array.from({ length: 20 }, () => submit(id, origin, { action: "verify", code })));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 200).every((a) => errorCode(a) === "FLOW_STATE_INVALID")).toBe(true);
  });

  it("refuses banned passwords, normalised and fuzzy, the tenant's name, and recent ones, per rule", async () => {
    const user = await userWithMethods(T, key, { userName: "pick@r.example", phone: "+1 201 555 0132" });
    const id = (await startFlow(T, origin)).json.id;
    await verifyBySms(id, origin, "pick@r.example", "+12015550132", "+12015550132");
    for (const password of ["P@ssw0rd2024!", "Passw0rd!", "H4rb0ur!!x", "Harbor!Q7", "Northwind!9", "Original-Passw0rd-Kestrel"]) {
      const answer = await submit(id, origin, { password });
      expect(errorCode(answer), password).toBe("PASSWORD_REJECTED");
      expect(answer.json.error.violations.length, password).toBeGreaterThan(0);
      expect(answer.json.flow.state).toBe("new_password");
    }
    const reused = await submit(id, origin, { password: "Original-Passw0rd-Kestrel" });
    expect(reused.json.error.violations.map((v: { code: string }) => v.code)).toContain("PASSWORD_REUSED");
    expect((await submit(id, origin, { password: "Quartz-Lighthouse-Basil-8" })).json.state).toBe("done");
    expect(await verifyPassword(env, T, user.id, "Quartz-Lighthouse-Basil-8")).toMatchObject({ ok: true, value: { match: true } });
    expect(await verifyPassword(env, T, user.id, "Original-Passw0rd-Kestrel")).toMatchObject({ ok: true, value: { match: false } });
  });

  it("ends every session of the user when the password is reset", async () => {
    const user = await userWithMethods(T, key, { userName: "epoch@r.example", phone: "+1 201 555 0133" });
    const directory = env.DIRECTORY.get(env.DIRECTORY.idFromName(T));
    const before = await directory.sessionEpoch(user.id);
    const id = (await startFlow(T, origin)).json.id;
    await verifyBySms(id, origin, "epoch@r.example", "+12015550133", "+12015550133");
    await submit(id, origin, { password: "Cobalt-Prairie-Whistle-5" });
    const after = await directory.sessionEpoch(user.id);
    expect(before.ok && after.ok && after.value.sessionEpoch > before.value.sessionEpoch).toBe(true);
  });

  it("fails the reset whole when writeback is on and no agent can reach the directory", async () => {
    const user = await userWithMethods(T, key, { userName: "hybrid@r.example", phone: "+1 201 555 0134" });
    await call("PATCH", `/v1/tenants/${T}/policies/passwordReset`, { token: key, body: { onPremises: { writebackEnabled: true } } });
    const id = (await startFlow(T, origin)).json.id;
    await verifyBySms(id, origin, "hybrid@r.example", "+12015550134", "+12015550134");
    const answer = await submit(id, origin, { password: "Ember-Glacier-Violet-66" });
    await call("PATCH", `/v1/tenants/${T}/policies/passwordReset`, { token: key, body: { onPremises: { writebackEnabled: false } } });
    expect(errorCode(answer)).toBe("WRITEBACK_AGENT_OFFLINE");
    expect(answer.json.flow.state).toBe("new_password");
    expect(await verifyPassword(env, T, user.id, "Original-Passw0rd-Kestrel")).toMatchObject({ ok: true, value: { match: true } });
    expect(await verifyPassword(env, T, user.id, "Ember-Glacier-Violet-66")).toMatchObject({ ok: true, value: { match: false } });
  });

  it("blocks self-service for the account after 5 failed verifications, across flows", async () => {
    await userWithMethods(T, key, { userName: "block@r.example", phone: "+1 201 555 0135" });
    for (let attempt = 0; attempt < 5; attempt++) {
      const id = (await startFlow(T, origin, "reset", `198.51.100.${attempt + 1}`)).json.id;
      await submit(id, origin, { identifier: "block@r.example" }, `198.51.100.${attempt + 1}`);
      await submit(id, origin, { method: "voice-1", confirm: "+12015550135" }, `198.51.100.${attempt + 1}`);
      await submit(id, origin, { action: "verify", code: "999999" }, `198.51.100.${attempt + 1}`);
    }
    const id = (await startFlow(T, origin, "reset", "198.51.100.99")).json.id;
    await submit(id, origin, { identifier: "block@r.example" }, "198.51.100.99");
    const blocked = await submit(id, origin, { method: "sms-1", confirm: "+12015550135" }, "198.51.100.99");
    expect(blocked.status).toBe(429);
    expect(errorCode(blocked)).toBe("RATE_LIMITED");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(80_000);
  });
});
