import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createTenant, createUser, errorCode } from "../../test/api";
import { directoryOf } from "../directory/stub";

let key = "";
let userId = "";
const methods = () => `/v1/tenants/methods-t/users/${userId}/authentication`;

beforeAll(async () => {
  ({ key } = await createTenant("methods-t", { homeCountries: ["US", "CA"] }));
  ({ id: userId } = await createUser("methods-t", key, { userName: "newhire@contoso.com", displayName: "New Hire" }));
});

describe("authentication methods", () => {
  it("pre-registers a mobile phone in national format as E.164, masked", async () => {
    const added = await call("POST", `${methods()}/phoneMethods`, {
      token: key,
      body: { phoneNumber: "(201) 555-0123", phoneType: "mobile" },
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ type: "phone", phoneType: "mobile", phoneNumber: "+1 ••• ••• ••23", channels: ["sms", "voice"] });
    expect(added.json.lastConfirmedAt).toBe(added.json.createdAt);
  });

  it("accepts international formats for other countries, office phones by voice only", async () => {
    const added = await call("POST", `${methods()}/phoneMethods`, {
      token: key,
      body: { phoneNumber: "+44 20 7946 0958", phoneType: "office" },
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ phoneNumber: "+44 ••• ••• ••58", channels: ["voice"] });
  });

  it("refuses invalid numbers with PHONE_NUMBER_INVALID and stores nothing", async () => {
    for (const phoneNumber of ["12345", "+1 555 0100", "+999 1234567", "not a number", "+1 (201) 555-01234567"]) {
      const answer = await call("POST", `${methods()}/phoneMethods`, { token: key, body: { phoneNumber, phoneType: "alternateMobile" } });
      expect(answer.status, phoneNumber).toBe(400);
      expect(errorCode(answer), phoneNumber).toBe("PHONE_NUMBER_INVALID");
    }
    const listed = await call("GET", `${methods()}/methods`, { token: key });
    expect(listed.json.value.some((m: { phoneType?: string }) => m.phoneType === "alternateMobile")).toBe(false);
  });

  it("allows one method per slot", async () => {
    const again = await call("POST", `${methods()}/phoneMethods`, { token: key, body: { phoneNumber: "+12015550199", phoneType: "mobile" } });
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe("METHOD_ALREADY_REGISTERED");
  });

  it("adds and removes an email method, masked", async () => {
    const added = await call("POST", `${methods()}/emailMethods`, { token: key, body: { emailAddress: "Personal@Example.org" } });
    expect(added.json).toMatchObject({ type: "email", emailAddress: "p•••@e•••.org" });
    const wrongKind = await call("DELETE", `${methods()}/phoneMethods/${added.json.id}`, { token: key });
    expect(errorCode(wrongKind)).toBe("METHOD_NOT_FOUND");
    expect((await call("DELETE", `${methods()}/emailMethods/${added.json.id}`, { token: key })).status).toBe(204);
    const listed = await call("GET", `${methods()}/methods`, { token: key });
    expect(listed.json.value.map((m: { type: string }) => m.type)).toEqual(["phone", "phone"]);
  });

  it("removes an authenticator app and security questions too, each only by its own collection", async () => {
    const directory = directoryOf(env, "methods-t");
    const app = await directory.registerSecret(userId, { type: "authenticatorApp", secret: "JBSWY3DPEHPK3PXPJBSWY3DP" });
    const questions = await directory.registerSecret(userId, { type: "securityQuestions", secret: JSON.stringify({ hashed: "x".repeat(32) }) });
    if (!app.ok || !questions.ok) throw new Error("could not register the secrets");
    expect(errorCode(await call("DELETE", `${methods()}/securityQuestionMethods/${app.value.id}`, { token: key }))).toBe("METHOD_NOT_FOUND");
    expect((await call("DELETE", `${methods()}/softwareOathMethods/${app.value.id}`, { token: key })).status).toBe(204);
    expect((await call("DELETE", `${methods()}/securityQuestionMethods/${questions.value.id}`, { token: key })).status).toBe(204);
    const listed = await call("GET", `${methods()}/methods`, { token: key });
    expect(listed.json.value.map((m: { type: string }) => m.type)).toEqual(["phone", "phone"]);
    expect((await call("DELETE", `${methods()}/passwordMethods/${app.value.id}`, { token: key })).status).toBe(404);
  });

  it("answers an unknown user with USER_NOT_FOUND", async () => {
    const answer = await call("POST", "/v1/tenants/methods-t/users/usr_nobodyhere0000/authentication/emailMethods", {
      token: key,
      body: { emailAddress: "x@example.org" },
    });
    expect(answer.status).toBe(404);
    expect(errorCode(answer)).toBe("USER_NOT_FOUND");
  });
});
