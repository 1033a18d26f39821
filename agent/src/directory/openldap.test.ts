import { describe, expect, inject, it } from "vitest";
import { addPerson, bindsWith, lockOut, policyState } from "../../../test/support/ldap-users.ts";
import type { AgentConfig } from "../config.ts";
import { memoryLogger } from "../log.ts";
import { openLdapDirectory } from "./openldap.ts";

const slapd = inject("slapd");
const ORIGINAL = "Original-Directory-Passw0rd";

function ldapConfig(overrides: Partial<AgentConfig["ldap"]> = {}): AgentConfig["ldap"] {
  return {
    kind: "openldap",
    url: slapd.url,
    bindDn: slapd.agentDn,
    bindPassword: slapd.agentPassword,
    baseDn: slapd.peopleDn,
    startTls: false,
    allowInsecure: false,
    timeoutMs: 3_000,
    ppolicyDn: slapd.policyDn,
    enforceHistory: true,
    ...overrides,
  };
}

let n = 0;
async function person(password = ORIGINAL) {
  const uid = `ol${Date.now().toString(36)}${n++}`;
  const mail = `${uid}@contoso.example`;
  return { dn: await addPerson(slapd, uid, mail, password), mail };
}

describe("the OpenLDAP directory (real slapd with ppolicy)", () => {
  it("sets the password with the Password Modify operation: the new one binds, the old one does not", async () => {
    const { dn, mail } = await person();
    const outcome = await openLdapDirectory(ldapConfig(), memoryLogger()).apply({ userName: mail, password: "Lighthouse-Quartz-Meadow-31", unlock: false });
    expect(outcome).toEqual({ ok: true, passwordSet: true, unlocked: false });
    expect(await bindsWith(slapd, dn, "Lighthouse-Quartz-Meadow-31")).toBe(true);
    expect(await bindsWith(slapd, dn, ORIGINAL)).toBe(false);
    expect((await policyState(slapd, dn)).history).toBe(1);
  });

  it("reports ppolicy's refusals as Sesame password rules with the policy's numbers", async () => {
    const { dn, mail } = await person();
    const directory = openLdapDirectory(ldapConfig(), memoryLogger());
    expect(await directory.apply({ userName: mail, password: "Short-Pass-9", unlock: false })).toEqual({
      ok: false,
      code: "PASSWORD_POLICY",
      violations: [{ code: "PASSWORD_TOO_SHORT", minLength: slapd.policy.minLength }],
    });
    expect(await directory.apply({ userName: mail, password: ORIGINAL, unlock: false })).toEqual({
      ok: false,
      code: "PASSWORD_POLICY",
      violations: [{ code: "PASSWORD_REUSED", historyCount: slapd.policy.history }],
    });
    expect(await bindsWith(slapd, dn, ORIGINAL)).toBe(true);
    // Without the policy's DN the rule is still known, its number is not: a generic refusal.
    const blind = openLdapDirectory(ldapConfig({ ppolicyDn: undefined }), memoryLogger());
    expect(await blind.apply({ userName: mail, password: "Short-Pass-9", unlock: false })).toEqual({ ok: false, code: "PASSWORD_POLICY" });
  });

  it("clears a real ppolicy lockout without touching the password", async () => {
    const { dn, mail } = await person();
    await lockOut(slapd, dn);
    expect((await policyState(slapd, dn)).locked).toBe(true);
    expect(await bindsWith(slapd, dn, ORIGINAL)).toBe(false);
    const outcome = await openLdapDirectory(ldapConfig(), memoryLogger()).apply({ userName: mail, password: null, unlock: true });
    expect(outcome).toEqual({ ok: true, passwordSet: false, unlocked: true });
    expect((await policyState(slapd, dn)).locked).toBe(false);
    expect(await bindsWith(slapd, dn, ORIGINAL)).toBe(true);
    // slapd forgets the failures at the first good bind, so one more mistake does not relock.
    expect((await policyState(slapd, dn)).failures).toBe(0);
    // Unlocking an account that is not locked is done, not an error.
    expect(await openLdapDirectory(ldapConfig(), memoryLogger()).apply({ userName: mail, password: null, unlock: true })).toMatchObject({ ok: true, unlocked: true });
  });

  it("sets the password and clears the lockout in one command", async () => {
    const { dn, mail } = await person();
    await lockOut(slapd, dn);
    const outcome = await openLdapDirectory(ldapConfig(), memoryLogger()).apply({ userName: mail, password: "Saffron-Willow-Anchor-2048", unlock: true });
    expect(outcome).toEqual({ ok: true, passwordSet: true, unlocked: true });
    expect(await bindsWith(slapd, dn, "Saffron-Willow-Anchor-2048")).toBe(true);
  });

  it("finds users by the configured filter, escaped, and refuses unknown or ambiguous ones", async () => {
    const { dn } = await person();
    const uid = dn.split(",")[0]!.slice(4);
    const byUid = openLdapDirectory(ldapConfig({ userFilter: "(uid={localPart})" }), memoryLogger());
    expect(await byUid.apply({ userName: `${uid}@anything.example`, password: null, unlock: true })).toMatchObject({ ok: true });
    const directory = openLdapDirectory(ldapConfig(), memoryLogger());
    expect(await directory.apply({ userName: "nobody@contoso.example", password: null, unlock: true })).toEqual({ ok: false, code: "USER_NOT_FOUND" });
    // A wildcard in a user name is a literal character, not a pattern matching everyone.
    expect(await directory.apply({ userName: "*", password: null, unlock: true })).toEqual({ ok: false, code: "USER_NOT_FOUND" });
    const everyone = openLdapDirectory(ldapConfig({ userFilter: "(objectClass=inetOrgPerson)" }), memoryLogger());
    expect(await everyone.apply({ userName: "x", password: null, unlock: true })).toEqual({ ok: false, code: "USER_NOT_FOUND" });
  });

  it("answers DIRECTORY_UNAVAILABLE for a refused service account or an unreachable server, and reports health", async () => {
    const { mail } = await person();
    const wrongBind = openLdapDirectory(ldapConfig({ bindPassword: "wrong" }), memoryLogger());
    expect(await wrongBind.apply({ userName: mail, password: null, unlock: true })).toEqual({ ok: false, code: "DIRECTORY_UNAVAILABLE" });
    expect((await wrongBind.health()).directoryReachable).toBe(false);
    const gone = openLdapDirectory(ldapConfig({ url: "ldap://127.0.0.1:1", timeoutMs: 1_000 }), memoryLogger());
    expect(await gone.apply({ userName: mail, password: null, unlock: true })).toEqual({ ok: false, code: "DIRECTORY_UNAVAILABLE" });
    const health = await openLdapDirectory(ldapConfig(), memoryLogger()).health();
    expect(health.directoryReachable).toBe(true);
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("answers ACCESS_DENIED when the service account may read but not reset", async () => {
    const { dn, mail } = await person();
    // A user bound as itself can read its entry but has no write access to userPassword.
    const self = openLdapDirectory(ldapConfig({ bindDn: dn, bindPassword: ORIGINAL }), memoryLogger());
    expect(await self.apply({ userName: mail, password: "Quartz-Lighthouse-Basil-Meadow-8", unlock: false })).toEqual({ ok: false, code: "ACCESS_DENIED" });
    expect(await bindsWith(slapd, dn, ORIGINAL)).toBe(true);
  });

  it("works over LDAPS, trusting the configured CA only", async () => {
    const { dn, mail } = await person();
    const secure = openLdapDirectory(ldapConfig({ url: slapd.ldapsUrl, caFile: slapd.caFile }), memoryLogger());
    expect(await secure.apply({ userName: mail, password: "Harbor-Violet-Ember-Saffron-52", unlock: false })).toMatchObject({ ok: true });
    expect(await bindsWith(slapd, dn, "Harbor-Violet-Ember-Saffron-52")).toBe(true);
    const untrusted = openLdapDirectory(ldapConfig({ url: slapd.ldapsUrl }), memoryLogger());
    expect(await untrusted.apply({ userName: mail, password: null, unlock: true })).toEqual({ ok: false, code: "DIRECTORY_UNAVAILABLE" });
  });

  it("never writes a password into its logs", async () => {
    const { mail } = await person();
    const log = memoryLogger();
    const directory = openLdapDirectory(ldapConfig({ bindPassword: "wrong" }), log);
    await directory.apply({ userName: mail, password: "Never-Logged-Secret-Value-77", unlock: false });
    await openLdapDirectory(ldapConfig(), log).apply({ userName: mail, password: "Never-Logged-Short", unlock: false });
    const text = JSON.stringify(log.lines);
    expect(text).not.toContain("Never-Logged");
    expect(text).not.toContain("wrong");
  });
});
