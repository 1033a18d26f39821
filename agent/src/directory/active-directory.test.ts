import { BerWriter } from "ldapts";
import { describe, expect, inject, it } from "vitest";
import { addAdPerson, adState } from "../../../test/support/ldap-users.ts";
import type { AgentConfig } from "../config.ts";
import { memoryLogger } from "../log.ts";
import { activeDirectory, domainOf, PolicyHintsControl, unicodePwd } from "./active-directory.ts";

const slapd = inject("slapd");

function adConfig(overrides: Partial<AgentConfig["ldap"]> = {}): AgentConfig["ldap"] {
  return {
    kind: "activeDirectory",
    url: slapd.ldapsUrl,
    caFile: slapd.caFile,
    bindDn: slapd.ad.agentDn,
    bindPassword: slapd.ad.agentPassword,
    baseDn: slapd.ad.peopleDn,
    startTls: false,
    allowInsecure: false,
    timeoutMs: 3_000,
    enforceHistory: true,
    ...overrides,
  };
}

describe("the Active Directory directory", () => {
  it("encodes unicodePwd as AD documents it: the password in double quotes, UTF-16LE", () => {
    expect(unicodePwd("Pä55!")).toEqual(Buffer.from([0x22, 0, 0x50, 0, 0xe4, 0, 0x35, 0, 0x35, 0, 0x21, 0, 0x22, 0]));
  });

  it("finds the domain in the base DN", () => {
    expect(domainOf("OU=Staff,OU=People,DC=contoso,DC=com")).toBe("DC=contoso,DC=com");
    expect(domainOf("dc=contoso,dc=com")).toBe("dc=contoso,dc=com");
  });

  it("sends the policy-hints control as AD expects: SEQUENCE { INTEGER 1 }, not critical", () => {
    const writer = new BerWriter();
    new PolicyHintsControl().write(writer);
    const hex = writer.buffer.toString("hex");
    expect(hex).toContain(Buffer.from("1.2.840.113556.1.4.2239").toString("hex"));
    expect(hex.endsWith("04053003020101")).toBe(true);
  });

  // Against the test slapd's stand-in for AD's attributes, over real LDAPS: what goes on the wire.
  it("replaces unicodePwd over LDAPS and clears lockoutTime, finding the user by UPN", async () => {
    const sam = `ad${Date.now().toString(36)}`;
    const dn = await addAdPerson(slapd, sam, `${sam}@ad.example`, true);
    const outcome = await activeDirectory(adConfig(), memoryLogger()).apply({ userName: `${sam}@ad.example`, password: "Ünïcode-Pässword-2048", unlock: true });
    expect(outcome).toEqual({ ok: true, passwordSet: true, unlocked: true });
    const state = await adState(slapd, dn);
    expect(state.unicodePwd).toEqual(unicodePwd("Ünïcode-Pässword-2048"));
    expect(state.lockoutTime).toBe("0");
  });

  it("unlocks without a password, and finds users by sAMAccountName when configured", async () => {
    const sam = `sam${Date.now().toString(36)}`;
    const dn = await addAdPerson(slapd, sam, `${sam}@ad.example`, true);
    const bySam = activeDirectory(adConfig({ userFilter: "(sAMAccountName={localPart})" }), memoryLogger());
    expect(await bySam.apply({ userName: `${sam}@contoso.com`, password: null, unlock: true })).toEqual({ ok: true, passwordSet: false, unlocked: true });
    expect(await adState(slapd, dn)).toEqual({ unicodePwd: null, lockoutTime: "0" });
  });

  it("answers USER_NOT_FOUND when no entry matches, or the service account cannot see it", async () => {
    const sam = `deny${Date.now().toString(36)}`;
    await addAdPerson(slapd, sam, `${sam}@ad.example`, false);
    // The OpenLDAP suffix's agent has no rights at all on the AD stand-in's entries.
    const stranger = activeDirectory(adConfig({ bindDn: slapd.agentDn, bindPassword: slapd.agentPassword }), memoryLogger());
    expect(await stranger.apply({ userName: `${sam}@ad.example`, password: "Some-Long-Passw0rd-Value", unlock: false })).toEqual({
      ok: false,
      code: "USER_NOT_FOUND",
    });
    expect(await activeDirectory(adConfig(), memoryLogger()).apply({ userName: "ghost@ad.example", password: null, unlock: true })).toEqual({
      ok: false,
      code: "USER_NOT_FOUND",
    });
  });
});
