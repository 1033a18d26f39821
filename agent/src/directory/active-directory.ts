import { Attribute, BerWriter, Change, Control, ResultCodeError, type Client } from "ldapts";
import type { CommandOutcome } from "#contract/writeback";
import type { Logger } from "../log.ts";
import { failureOf, findUser, first, probe, Refusal, userFilter, withLdap, type Directory, type Entry, type LdapConfig } from "./ldap.ts";
import { activeDirectoryRefusal, type AdPolicy } from "./policy-errors.ts";

/**
 * LDAP_SERVER_POLICY_HINTS (Windows Server 2012+): asks AD to apply password history to an
 * administrative reset, as it does to a user's own change. Not critical, so an older DC ignores it.
 */
export class PolicyHintsControl extends Control {
  static readonly type = "1.2.840.113556.1.4.2239";
  constructor() {
    super(PolicyHintsControl.type, { critical: false });
  }
  protected override writeControl(writer: BerWriter): void {
    const value = new BerWriter();
    value.startSequence();
    value.writeInt(1);
    value.endSequence();
    writer.writeBuffer(value.buffer, 0x04);
  }
}

/** `unicodePwd` takes the password in double quotes, as UTF-16LE: AD's documented format. */
export const unicodePwd = (password: string): Buffer => Buffer.from(`"${password}"`, "utf16le");

/** The domain is the DC= tail of the base DN (`ou=people,dc=contoso,dc=com` → `dc=contoso,dc=com`). */
export const domainOf = (baseDn: string): string =>
  baseDn.split(/,(?=\s*dc=)/i).filter((part) => /^\s*dc=/i.test(part)).join(",") || baseDn;

/** The policy that governs the user: a fine-grained password policy when one applies, else the domain's. */
async function effectivePolicy(client: Client, entry: Entry, config: LdapConfig): Promise<AdPolicy> {
  const num = (e: Record<string, unknown>, name: string) => (first(e, name) === null ? null : Number(first(e, name)));
  try {
    const pso = first(entry, "msDS-ResultantPSO");
    if (pso) {
      const attributes = ["msDS-MinimumPasswordLength", "msDS-PasswordHistoryLength", "msDS-PasswordComplexityEnabled"];
      const e = (await client.search(pso, { scope: "base", attributes })).searchEntries[0] ?? {};
      return {
        minLength: num(e, "msDS-MinimumPasswordLength"),
        history: num(e, "msDS-PasswordHistoryLength"),
        complexity: first(e, "msDS-PasswordComplexityEnabled")?.toUpperCase() === "TRUE",
      };
    }
    const attributes = ["minPwdLength", "pwdHistoryLength", "pwdProperties"];
    const e = (await client.search(domainOf(config.baseDn), { scope: "base", attributes })).searchEntries[0] ?? {};
    const properties = num(e, "pwdProperties");
    // DOMAIN_PASSWORD_COMPLEX is bit 0 of pwdProperties.
    return { minLength: num(e, "minPwdLength"), history: num(e, "pwdHistoryLength"), complexity: properties === null ? null : (properties & 1) === 1 };
  } catch {
    return { minLength: null, history: null, complexity: null };
  }
}

/**
 * Active Directory (and Samba AD). The password is replaced in `unicodePwd`, which AD accepts only
 * over an encrypted connection (config requires ldaps:// or StartTLS); the lockout is cleared by
 * setting `lockoutTime` to 0. The service account needs "Reset password" and write access to
 * `lockoutTime` on the users' OU, as Entra Connect's account does.
 */
export function activeDirectory(config: LdapConfig, log: Logger): Directory {
  const template = config.userFilter ?? "(userPrincipalName={userName})";
  return {
    health: () => probe(config),
    async apply({ userName, password, unlock }): Promise<CommandOutcome> {
      try {
        return await withLdap(config, async (client) => {
          const entry = await findUser(client, config, userFilter(template, userName), ["sAMAccountName", "displayName", "msDS-ResultantPSO"]);
          if (password !== null) {
            const change = new Change({ operation: "replace", modification: new Attribute({ type: "unicodePwd", values: [unicodePwd(password)] }) });
            try {
              await client.modify(entry.dn, change, config.enforceHistory ? [new PolicyHintsControl()] : []);
            } catch (error) {
              if (!(error instanceof ResultCodeError)) throw error;
              const context = { password, samAccountName: first(entry, "sAMAccountName"), displayName: first(entry, "displayName") };
              const refused = activeDirectoryRefusal(error.message, { ...context, policy: await effectivePolicy(client, entry, config) });
              if (refused) throw new Refusal(refused);
              if (/\b0000001F\b/.test(error.message)) log("error", "Active Directory refuses password changes on this connection: use ldaps:// or StartTLS");
              throw error;
            }
          }
          if (!unlock) return { ok: true, passwordSet: password !== null, unlocked: false };
          try {
            await client.modify(entry.dn, new Change({ operation: "replace", modification: new Attribute({ type: "lockoutTime", values: ["0"] }) }));
            return { ok: true, passwordSet: password !== null, unlocked: true };
          } catch (error) {
            if (password === null) throw error;
            log("warn", "password set but the lockout could not be cleared", { error: (error as Error).name });
            return { ok: true, passwordSet: true, unlocked: false };
          }
        });
      } catch (error) {
        const outcome = failureOf(error);
        if (outcome.code === "INTERNAL" || outcome.code === "DIRECTORY_UNAVAILABLE") log("error", "directory operation failed", { error: (error as Error).name });
        return outcome;
      }
    },
  };
}
