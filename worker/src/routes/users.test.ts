import { beforeAll, describe, expect, it } from "vitest";
import { call, createTenant, createUser, errorCode } from "../../test/api";

let key = "";
const base = "/v1/tenants/users-t/users";

beforeAll(async () => {
  ({ key } = await createTenant("users-t", { homeCountries: ["GB"] }));
});

describe("users", () => {
  it("creates a user with defaults, masks the phone, and reads it back", async () => {
    const created = await call("POST", base, {
      token: key,
      body: { userName: "Alice@Contoso.com", displayName: "Alice", emails: ["Alice@Home.example"], mobilePhone: "07400 123456" },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({
      userName: "Alice@Contoso.com",
      emails: ["alice@home.example"],
      roles: ["user"],
      groups: [],
      accountEnabled: true,
      locked: false,
      mobilePhone: "+44 ••• ••• ••56",
    });
    expect(JSON.stringify(created.json)).not.toContain("7400123456");
    const read = await call("GET", `${base}/${created.json.id}`, { token: key });
    expect(read.json).toEqual(created.json);
  });

  it("keeps user names unique regardless of case", async () => {
    await createUser("users-t", key, { userName: "dup@contoso.com", displayName: "One" });
    const again = await call("POST", base, { token: key, body: { userName: "DUP@contoso.com", displayName: "Two" } });
    expect(again.status).toBe(409);
    expect(errorCode(again)).toBe("USER_NAME_TAKEN");
  });

  it("patches fields, refusing a taken name or an unknown group without changing anything", async () => {
    const user = await createUser("users-t", key, { userName: "patch@contoso.com", displayName: "Before" });
    await createUser("users-t", key, { userName: "taken@contoso.com", displayName: "Taken" });
    const renamed = await call("PATCH", `${base}/${user.id}`, { token: key, body: { userName: "taken@contoso.com", displayName: "After" } });
    expect(errorCode(renamed)).toBe("USER_NAME_TAKEN");
    const grouped = await call("PATCH", `${base}/${user.id}`, { token: key, body: { groups: ["grp_doesnotexist00"] } });
    expect(errorCode(grouped)).toBe("GROUP_NOT_FOUND");
    expect((await call("GET", `${base}/${user.id}`, { token: key })).json.displayName).toBe("Before");
    const ok = await call("PATCH", `${base}/${user.id}`, { token: key, body: { displayName: "After", locked: true, roles: ["user", "admin"] } });
    expect(ok.json).toMatchObject({ displayName: "After", locked: true, roles: ["user", "admin"] });
  });

  it("deletes a user and its methods", async () => {
    const user = await createUser("users-t", key, { userName: "gone@contoso.com", displayName: "Gone" });
    await call("POST", `${base}/${user.id}/authentication/emailMethods`, { token: key, body: { emailAddress: "g@x.example" } });
    expect((await call("DELETE", `${base}/${user.id}`, { token: key })).status).toBe(204);
    expect(errorCode(await call("GET", `${base}/${user.id}`, { token: key }))).toBe("USER_NOT_FOUND");
    expect(errorCode(await call("GET", `${base}/${user.id}/authentication/methods`, { token: key }))).toBe("USER_NOT_FOUND");
    expect(errorCode(await call("DELETE", `${base}/${user.id}`, { token: key }))).toBe("USER_NOT_FOUND");
  });
});

describe("listing users", () => {
  beforeAll(async () => {
    const { key: k } = await createTenant("list-t");
    const staff = await call("POST", "/v1/tenants/list-t/groups", { token: k, body: { displayName: "Staff" } });
    for (let i = 0; i < 7; i++) {
      await createUser("list-t", k, {
        userName: `user${i}@fabrikam.com`,
        displayName: i % 2 ? `Odd ${i}` : `Even ${i}`,
        roles: i === 3 ? ["user", "admin"] : ["user"],
        groups: i < 2 ? [staff.json.id] : [],
        accountEnabled: i !== 6,
      });
    }
    key = k;
  });

  const names = (answer: { json: { value: { userName: string }[] } }) => answer.json.value.map((u) => u.userName);

  it("pages in user-name order with a skip token", async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await call("GET", `/v1/tenants/list-t/users?$top=3${token ? `&$skiptoken=${encodeURIComponent(token)}` : ""}`, { token: key });
      expect(page.status).toBe(200);
      seen.push(...names(page));
      token = page.json.skipToken;
    } while (token);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `user${i}@fabrikam.com`));
  });

  it("filters with the Graph subset and searches", async () => {
    const get = (q: string) => call("GET", `/v1/tenants/list-t/users?${q}`, { token: key });
    expect(names(await get(`$filter=${encodeURIComponent("startswith(displayName,'Odd')")}`))).toEqual([
      "user1@fabrikam.com",
      "user3@fabrikam.com",
      "user5@fabrikam.com",
    ]);
    expect(names(await get(`$filter=${encodeURIComponent("role eq 'admin'")}`))).toEqual(["user3@fabrikam.com"]);
    expect(names(await get(`$filter=${encodeURIComponent("accountEnabled eq false")}`))).toEqual(["user6@fabrikam.com"]);
    expect(names(await get(`$filter=${encodeURIComponent("startswith(displayName,'Even') and accountEnabled eq true")}`))).toEqual([
      "user0@fabrikam.com",
      "user2@fabrikam.com",
      "user4@fabrikam.com",
    ]);
    expect(names(await get("$search=user5"))).toEqual(["user5@fabrikam.com"]);
    expect(names(await get(`$search=${encodeURIComponent("%")}`))).toEqual([]);
  });

  it("lists a group's members and removes the group from users when it is deleted", async () => {
    const groups = await call("GET", "/v1/tenants/list-t/groups", { token: key });
    const staff = groups.json.value[0].id as string;
    expect(names(await call("GET", `/v1/tenants/list-t/groups/${staff}/members`, { token: key }))).toEqual([
      "user0@fabrikam.com",
      "user1@fabrikam.com",
    ]);
    expect((await call("DELETE", `/v1/tenants/list-t/groups/${staff}`, { token: key })).status).toBe(204);
    const all = await call("GET", "/v1/tenants/list-t/users?$top=100", { token: key });
    expect(all.json.value.every((u: { groups: string[] }) => u.groups.length === 0)).toBe(true);
  });

  it("refuses filters outside the subset and forged skip tokens", async () => {
    for (const q of ["$filter=foo eq 'x'", "$filter=userName ne 'x'", "$filter=accountEnabled eq 'yes'", "$skiptoken=!!!", "$top=0", "$top=1000", "$orderby=x"]) {
      const answer = await call("GET", `/v1/tenants/list-t/users?${encodeURI(q)}`, { token: key });
      expect(answer.status, q).toBe(400);
      expect(errorCode(answer), q).toBe("VALIDATION_FAILED");
    }
  });
});
