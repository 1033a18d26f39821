import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call } from "../../../test/api";
import { codeSentTo, flowTenant, keysOf, startFlow, submit, userWithMethods } from "../../../test/flows";
import { verifyPassword } from "../../password/set-password";

let origin = "";
let key = "";
const T = "unlock-flow";

beforeAll(async () => {
  ({ origin, key } = await flowTenant(T));
});

async function verifiedUnlock(userName: string, phone: string) {
  const id = (await startFlow(T, origin, "unlock")).json.id;
  await submit(id, origin, { identifier: userName });
  await submit(id, origin, { method: "sms-1", confirm: phone });
  return { id, verified: await submit(id, origin, { action: "verify", code: await codeSentTo(phone) }) };
}

const locked = async (userId: string) => (await call("GET", `/v1/tenants/${T}/users/${userId}`, { token: key })).json.locked;

describe("account unlock", () => {
  it("unlocks without a reset when the policy allows it, keeping the password", async () => {
    const user = await userWithMethods(T, key, { userName: "keep@u.example", phone: "+1 201 555 0141", locked: true });
    const { id, verified } = await verifiedUnlock("keep@u.example", "+12015550141");
    expect(verified.json).toMatchObject({ type: "unlock", state: "unlock_options", ui: { unlock: { canKeepPassword: true } } });
    const done = await submit(id, origin, { choice: "unlock" });
    expect(done.json.state).toBe("done");
    expect(keysOf(done)).toEqual(["ACCOUNT_UNLOCKED"]);
    expect(await locked(user.id)).toBe(false);
    expect(await verifyPassword(env, T, user.id, "Original-Passw0rd-Kestrel")).toMatchObject({ ok: true, value: { match: true } });
  });

  it("unlocks with a reset when the user chooses to", async () => {
    const user = await userWithMethods(T, key, { userName: "change@u.example", phone: "+1 201 555 0142", locked: true });
    const { id } = await verifiedUnlock("change@u.example", "+12015550142");
    expect((await submit(id, origin, { choice: "reset" })).json.state).toBe("new_password");
    const done = await submit(id, origin, { password: "Meadow-Falcon-Copper-12" });
    expect(keysOf(done)).toEqual(["ACCOUNT_UNLOCKED"]);
    expect(await locked(user.id)).toBe(false);
    expect(await verifyPassword(env, T, user.id, "Meadow-Falcon-Copper-12")).toMatchObject({ ok: true, value: { match: true } });
  });

  it("requires a new password when the policy does not allow unlock without reset", async () => {
    await call("PATCH", `/v1/tenants/${T}/policies/passwordReset`, { token: key, body: { onPremises: { allowUnlockWithoutReset: false } } });
    const user = await userWithMethods(T, key, { userName: "must@u.example", phone: "+1 201 555 0143", locked: true });
    const { id, verified } = await verifiedUnlock("must@u.example", "+12015550143");
    expect(verified.json.state).toBe("new_password");
    await submit(id, origin, { password: "Harvest-Beacon-Silver-40" });
    expect(await locked(user.id)).toBe(false);
    await call("PATCH", `/v1/tenants/${T}/policies/passwordReset`, { token: key, body: { onPremises: { allowUnlockWithoutReset: true } } });
  });

  it("clears a lockout on a password reset too", async () => {
    const user = await userWithMethods(T, key, { userName: "reset@u.example", phone: "+1 201 555 0144", locked: true });
    const id = (await startFlow(T, origin, "reset")).json.id;
    await submit(id, origin, { identifier: "reset@u.example" });
    await submit(id, origin, { method: "sms-1", confirm: "+12015550144" });
    await submit(id, origin, { action: "verify", code: await codeSentTo("+12015550144") });
    await submit(id, origin, { password: "Willow-Anchor-Saffron-23" });
    expect(await locked(user.id)).toBe(false);
  });
});
