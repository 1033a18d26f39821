import { Attribute, BerWriter, Change, ConstraintViolationError, NoSuchAttributeError, PasswordPolicyControl, type Client } from "ldapts";
import type { CommandOutcome } from "#contract/writeback";
import type { Logger } from "../log.ts";
import { failureOf, findUser, first, probe, Refusal, userFilter, withLdap, type Directory, type Entry, type LdapConfig } from "./ldap.ts";
import { ppolicyRefusal } from "./policy-errors.ts";

/** RFC 3062's Password Modify extended operation. */
export const PASSWORD_MODIFY_OID = "1.3.6.1.4.1.4203.1.11.1";

/** PasswdModifyRequestValue: SEQUENCE { userIdentity [0], newPasswd [2] } (no old password: a reset). */
export function passwordModifyValue(dn: string, password: string): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  writer.writeString(dn, 0x80);
  writer.writeBuffer(Buffer.from(password, "utf8"), 0x82);
  writer.endSequence();
  return writer.buffer;
}


/** The numbers of the ppolicy entry that governs a user, for violations users can act on. */
async function policyNumbers(client: Client, entry: Entry, config: LdapConfig): Promise<{ minLength: number | null; history: number | null }> {
  const dn = first(entry, "pwdPolicySubentry") ?? config.ppolicyDn;
  if (!dn) return { minLength: null, history: null };
  try {
    const { searchEntries } = await client.search(dn, { scope: "base", attributes: ["pwdMinLength", "pwdInHistory"] });
    const policy = searchEntries[0] ?? {};
    const num = (name: string) => (first(policy, name) === null ? null : Number(first(policy, name)));
    return { minLength: num("pwdMinLength"), history: num("pwdInHistory") };
  } catch {
    return { minLength: null, history: null };
  }
}

/**
 * Clears ppolicy's lockout by deleting `pwdAccountLockedTime`. The recorded failures
 * (`pwdFailureTime`) cannot be deleted (no user modification); slapd clears them at the user's
 * next successful bind. Already unlocked counts as done.
 */
async function clearLock(client: Client, dn: string): Promise<void> {
  const { searchEntries } = await client.search(dn, { scope: "base", attributes: ["pwdAccountLockedTime"] });
  if (first(searchEntries[0] ?? {}, "pwdAccountLockedTime") === null) return;
  try {
    await client.modify(dn, new Change({ operation: "delete", modification: new Attribute({ type: "pwdAccountLockedTime" }) }));
  } catch (error) {
    if (!(error instanceof NoSuchAttributeError)) throw error;
  }
}

/**
 * OpenLDAP with the ppolicy overlay. The password is set with the Password Modify extended
 * operation, so slapd hashes it (olcPPolicyHashCleartext / olcPasswordHash) and ppolicy judges
 * it: length, quality, history and minimum age, reported through the ppolicy response control.
 */
export function openLdapDirectory(config: LdapConfig, log: Logger): Directory {
  const template = config.userFilter ?? "(mail={userName})";
  return {
    health: () => probe(config),
    async apply({ userName, password, unlock }): Promise<CommandOutcome> {
      try {
        return await withLdap(config, async (client) => {
          const entry = await findUser(client, config, userFilter(template, userName), ["pwdPolicySubentry"]);
          if (password !== null) {
            const control = new PasswordPolicyControl();
            try {
              await client.exop(PASSWORD_MODIFY_OID, passwordModifyValue(entry.dn, password), control);
            } catch (error) {
              if (!(error instanceof ConstraintViolationError)) throw error;
              throw new Refusal(ppolicyRefusal(control.value?.error, error.message, await policyNumbers(client, entry, config)));
            }
          }
          if (!unlock) return { ok: true, passwordSet: password !== null, unlocked: false };
          try {
            await clearLock(client, entry.dn);
            return { ok: true, passwordSet: password !== null, unlocked: true };
          } catch (error) {
            // With a new password set, the command still succeeded: the password must be kept.
            if (password === null) throw error;
            log("warn", "password set but the lockout could not be cleared", { error: (error as Error).name });
            return { ok: true, passwordSet: true, unlocked: false };
          }
        });
      } catch (error) {
        const outcome = failureOf(error);
        // The error's name and LDAP result code only: a server's text is not ours to publish.
        if (outcome.code === "INTERNAL" || outcome.code === "DIRECTORY_UNAVAILABLE") {
          log("error", "directory operation failed", { error: (error as Error).name, ldapCode: (error as { code?: unknown }).code ?? null });
        }
        return outcome;
      }
    },
  };
}
