import { beforeAll, describe, expect, it } from "vitest";
import { BOOTSTRAP, call, createTenant, createUser, errorCode } from "../../test/api";

let key = "";
let userId = "";
const users = "/v1/tenants/bad-t/users";

beforeAll(async () => {
  ({ key } = await createTenant("bad-t"));
  ({ id: userId } = await createUser("bad-t", key, { userName: "kept@contoso.com", displayName: "Kept" }));
});

const listUsers = async () => JSON.stringify((await call("GET", `${users}?$top=100`, { token: key })).json);

describe("bad input", () => {
  it.each([
    ["malformed JSON", { rawBody: '{"userName": "x",', headers: { "content-type": "application/json" } }, 400, "BAD_JSON"],
    ["an empty body", { rawBody: "", headers: { "content-type": "application/json" } }, 400, "BAD_JSON"],
    ["a body that is not JSON at all", { rawBody: "userName=x", headers: { "content-type": "application/x-www-form-urlencoded" } }, 415, "UNSUPPORTED_MEDIA_TYPE"],
    ["wrong types", { body: { userName: 42, displayName: ["x"] } }, 400, "VALIDATION_FAILED"],
    ["unknown fields", { body: { userName: "new@contoso.com", displayName: "New", isGod: true } }, 400, "VALIDATION_FAILED"],
    ["a JSON array", { body: [] }, 400, "VALIDATION_FAILED"],
    ["JSON null", { rawBody: "null", headers: { "content-type": "application/json" } }, 400, "VALIDATION_FAILED"],
    ["a 1 MB body", { rawBody: JSON.stringify({ userName: "big@contoso.com", displayName: "x".repeat(1024 * 1024) }), headers: { "content-type": "application/json" } }, 413, "BODY_TOO_LARGE"],
    ["deeply nested JSON", { rawBody: `${"[".repeat(20000)}${"]".repeat(20000)}`, headers: { "content-type": "application/json" } }, 400, "VALIDATION_FAILED"],
  ])("answers %s with a stable code and creates nothing", async (_name, options, status, code) => {
    const before = await listUsers();
    const answer = await call("POST", users, { token: key, ...options });
    expect(answer.status).toBe(status);
    expect(errorCode(answer)).toBe(code);
    expect(answer.json.error.requestId).toMatch(/.+/);
    expect(await listUsers()).toBe(before);
  });

  it("names the fields at fault without echoing their values", async () => {
    const answer = await call("POST", users, { token: key, body: { userName: "secret value 123", displayName: "", extra: 1 } });
    expect(errorCode(answer)).toBe("VALIDATION_FAILED");
    const paths = answer.json.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["userName", "displayName", "(root)"]));
    expect(JSON.stringify(answer.json)).not.toContain("secret value 123");
  });

  it("answers unknown tenants and users with 404 codes", async () => {
    expect(errorCode(await call("GET", "/v1/tenants/nobody-home/users", { token: BOOTSTRAP }))).toBe("TENANT_NOT_FOUND");
    expect(errorCode(await call("GET", "/v1/tenants/NOT_A_SLUG/users", { token: BOOTSTRAP }))).toBe("TENANT_NOT_FOUND");
    expect(errorCode(await call("PATCH", `${users}/usr_missingmissing00`, { token: key, body: { displayName: "x" } }))).toBe("USER_NOT_FOUND");
    expect(errorCode(await call("GET", "/v1/tenants/bad-t/nothing-here", { token: key }))).toBe("NOT_FOUND");
  });

  it("answers a bad PATCH without changing the user", async () => {
    const before = (await call("GET", `${users}/${userId}`, { token: key })).json;
    for (const body of [{ accountEnabled: "yes" }, { roles: ["superuser"] }, { roles: [] }, { emails: ["not-an-email"] }, { mobilePhone: "12" }]) {
      const answer = await call("PATCH", `${users}/${userId}`, { token: key, body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
    expect(errorCode(await call("PATCH", `${users}/${userId}`, { token: key, body: { mobilePhone: "+1 555 0100" } }))).toBe("PHONE_NUMBER_INVALID");
    expect((await call("GET", `${users}/${userId}`, { token: key })).json).toEqual(before);
  });
});
