import { Attribute, Change, Client, InvalidCredentialsError } from "ldapts";
import type { SlapdInfo } from "./slapd";

/**
 * What tests do to the test slapd as its administrator: add people, lock them out the way users
 * do (wrong passwords), and look at what changed. The agent under test never uses these.
 */
async function asRoot<T>(info: SlapdInfo, suffix: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ url: info.url });
  try {
    await client.bind(`cn=admin,${suffix}`, info.rootPassword);
    return await work(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** An OpenLDAP person found by `mail`, with a password set in clear (slapd hashes it on bind checks). */
export async function addPerson(info: SlapdInfo, uid: string, mail: string, password: string): Promise<string> {
  const dn = `uid=${uid},${info.peopleDn}`;
  await asRoot(info, info.suffix, (client) =>
    client.add(dn, { objectClass: ["inetOrgPerson"], uid, cn: uid, sn: uid, mail, userPassword: password }),
  );
  return dn;
}

/** Whether a simple bind with this password works now. */
export async function bindsWith(info: SlapdInfo, dn: string, password: string): Promise<boolean> {
  const client = new Client({ url: info.url });
  try {
    await client.bind(dn, password);
    return true;
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return false;
    throw error;
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** Locks an account as a user would: wrong passwords until ppolicy's failure limit. */
export async function lockOut(info: SlapdInfo, dn: string): Promise<void> {
  for (let i = 0; i < info.policy.maxFailures; i++) await bindsWith(info, dn, "not-the-password");
}

/** The ppolicy attributes of an entry: lock time, failures, history. */
export async function policyState(info: SlapdInfo, dn: string): Promise<{ locked: boolean; failures: number; history: number }> {
  return asRoot(info, info.suffix, async (client) => {
    const attributes = ["pwdAccountLockedTime", "pwdFailureTime", "pwdHistory"];
    const entry = (await client.search(dn, { scope: "base", attributes })).searchEntries[0]!;
    const count = (name: string) => ([] as unknown[]).concat(entry[name] ?? []).length;
    return { locked: count("pwdAccountLockedTime") > 0, failures: count("pwdFailureTime"), history: count("pwdHistory") };
  });
}

/** A person in the Active Directory stand-in suffix, locked out (lockoutTime set) when asked. */
export async function addAdPerson(info: SlapdInfo, sam: string, upn: string, locked: boolean): Promise<string> {
  const dn = `cn=${sam},${info.ad.peopleDn}`;
  await asRoot(info, info.ad.suffix, (client) =>
    client.add(dn, {
      objectClass: ["inetOrgPerson", "sesameAdUser"],
      cn: sam,
      sn: sam,
      sAMAccountName: sam,
      userPrincipalName: upn,
      ...(locked ? { lockoutTime: "133000000000000000" } : {}),
    }),
  );
  return dn;
}

/** The stand-in's stored `unicodePwd` bytes and `lockoutTime`. */
export async function adState(info: SlapdInfo, dn: string): Promise<{ unicodePwd: Buffer | null; lockoutTime: string | null }> {
  return asRoot(info, info.ad.suffix, async (client) => {
    const { searchEntries } = await client.search(dn, { scope: "base", attributes: ["unicodePwd", "lockoutTime"], explicitBufferAttributes: ["unicodePwd"] });
    const entry = searchEntries[0]!;
    const pwd = entry.unicodePwd as Buffer | Buffer[] | undefined;
    return { unicodePwd: Array.isArray(pwd) ? (pwd[0] ?? null) : (pwd ?? null), lockoutTime: (entry.lockoutTime as string | undefined) ?? null };
  });
}

/** Replaces an attribute as root (tests that set up odd states). */
export async function replaceAttribute(info: SlapdInfo, suffix: string, dn: string, type: string, values: string[]): Promise<void> {
  await asRoot(info, suffix, (client) => client.modify(dn, new Change({ operation: "replace", modification: new Attribute({ type, values }) })));
}
