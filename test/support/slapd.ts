import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A real OpenLDAP server for tests: Debian's slapd, started from a temporary slapd.conf on free
 * 127.0.0.1 ports (plain LDAP and LDAPS with a throwaway certificate), with two suffixes:
 *
 * - `dc=contoso,dc=example`: OpenLDAP as it is run on-premises, with the ppolicy overlay (minimum
 *   length 20, history 3, lockout after 3 failures) and an agent service account that may reset
 *   passwords and clear lockouts, and nothing else.
 * - `dc=ad,dc=example`: a stand-in for Active Directory's attributes (unicodePwd, lockoutTime,
 *   userPrincipalName…) with their real OIDs, to check on the wire what the agent sends to AD.
 *   It is not AD: AD's password rules are unit-tested with its documented errors.
 */
export interface SlapdInfo {
  url: string;
  ldapsUrl: string;
  caFile: string;
  suffix: string;
  peopleDn: string;
  rootDn: string;
  rootPassword: string;
  agentDn: string;
  agentPassword: string;
  policyDn: string;
  policy: { minLength: number; history: number; maxFailures: number };
  ad: { suffix: string; peopleDn: string; agentDn: string; agentPassword: string };
}

export const SLAPD = "/usr/sbin/slapd";
const SLAPADD = "/usr/sbin/slapadd";

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const adSchema = `
attributetype ( 1.2.840.113556.1.4.90 NAME 'unicodePwd' SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.662 NAME 'lockoutTime' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.656 NAME 'userPrincipalName' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.99999.2.1 NAME 'sesameAdUser' AUXILIARY MAY ( unicodePwd $ lockoutTime $ sAMAccountName $ userPrincipalName ) )
`;

function config(dir: string, info: Omit<SlapdInfo, "url" | "ldapsUrl">): string {
  // The agent may write the password and lock attributes and read the rest; users may bind and
  // read their own entry; nobody else sees anything.
  const agentAcl = (agent: string, attrs: string) => `access to attrs=${attrs}
  by dn.exact="${agent}" write
  by self read
  by anonymous auth
  by * none
access to attrs=userPassword
  by self read
  by anonymous auth
  by * none
access to *
  by dn.exact="${agent}" read
  by self read
  by users search
  by * none`;
  return `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
include ${join(dir, "ad.schema")}
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload ppolicy
pidfile ${join(dir, "slapd.pid")}
TLSCertificateFile ${info.caFile}
TLSCertificateKeyFile ${join(dir, "key.pem")}

database mdb
maxsize 10485760
suffix "${info.suffix}"
rootdn "${info.rootDn}"
rootpw ${info.rootPassword}
directory ${join(dir, "contoso")}
overlay ppolicy
ppolicy_default "${info.policyDn}"
ppolicy_hash_cleartext
ppolicy_use_lockout
${agentAcl(info.agentDn, "userPassword,pwdAccountLockedTime")}

database mdb
maxsize 10485760
suffix "${info.ad.suffix}"
rootdn "cn=admin,${info.ad.suffix}"
rootpw ${info.rootPassword}
directory ${join(dir, "ad")}
${agentAcl(info.ad.agentDn, "unicodePwd,lockoutTime")}
`;
}

/** The two suffixes' first entries: slapadd loads one database at a time. */
function seed(info: Omit<SlapdInfo, "url" | "ldapsUrl">): [string, string] {
  const { minLength, history, maxFailures } = info.policy;
  const contoso = `dn: ${info.suffix}
objectClass: dcObject
objectClass: organization
o: Contoso
dc: contoso

dn: ${info.peopleDn}
objectClass: organizationalUnit
ou: people

dn: ou=services,${info.suffix}
objectClass: organizationalUnit
ou: services

dn: ou=policies,${info.suffix}
objectClass: organizationalUnit
ou: policies

dn: ${info.policyDn}
objectClass: device
objectClass: pwdPolicy
cn: default
pwdAttribute: userPassword
pwdMinLength: ${minLength}
pwdInHistory: ${history}
pwdCheckQuality: 2
pwdLockout: TRUE
pwdMaxFailure: ${maxFailures}
pwdLockoutDuration: 0

dn: ${info.agentDn}
objectClass: applicationProcess
objectClass: simpleSecurityObject
cn: agent
userPassword: ${info.agentPassword}
`;
  const ad = `dn: ${info.ad.suffix}
objectClass: dcObject
objectClass: organization
o: AD
dc: ad

dn: ${info.ad.peopleDn}
objectClass: organizationalUnit
ou: people

dn: ou=services,${info.ad.suffix}
objectClass: organizationalUnit
ou: services

dn: ${info.ad.agentDn}
objectClass: applicationProcess
objectClass: simpleSecurityObject
cn: agent
userPassword: ${info.ad.agentPassword}
`;
  return [contoso, ad];
}

async function listening(port: number, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1", () => {
        socket.end();
        resolve(true);
      }).on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`slapd did not listen on ${port}`);
}

/** Starts slapd; `stop` ends it and removes its folder. */
export async function startSlapd(): Promise<{ info: SlapdInfo; stop: () => Promise<void> }> {
  if (!existsSync(SLAPD)) throw new Error("slapd is not installed: apt-get install -y slapd ldap-utils (bash .ci/run does this)");
  const dir = mkdtempSync(join(tmpdir(), "sesame-slapd-"));
  for (const db of ["contoso", "ad"]) mkdirSync(join(dir, db));
  const base = {
    caFile: join(dir, "cert.pem"),
    suffix: "dc=contoso,dc=example",
    peopleDn: "ou=people,dc=contoso,dc=example",
    rootDn: "cn=admin,dc=contoso,dc=example",
    rootPassword: "root-secret-for-tests",
    agentDn: "cn=agent,ou=services,dc=contoso,dc=example",
    agentPassword: "agent-secret-for-tests",
    policyDn: "cn=default,ou=policies,dc=contoso,dc=example",
    policy: { minLength: 20, history: 3, maxFailures: 3 },
    ad: { suffix: "dc=ad,dc=example", peopleDn: "ou=people,dc=ad,dc=example", agentDn: "cn=agent,ou=services,dc=ad,dc=example", agentPassword: "ad-agent-secret" },
  };
  // A throwaway certificate for 127.0.0.1; the agent trusts it through its caFile setting.
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", base.caFile], { stdio: "ignore" });
  writeFileSync(join(dir, "ad.schema"), adSchema);
  writeFileSync(join(dir, "slapd.conf"), config(dir, base));
  const [contoso, ad] = seed(base);
  writeFileSync(join(dir, "contoso.ldif"), contoso);
  writeFileSync(join(dir, "ad.ldif"), ad);
  execFileSync(SLAPADD, ["-f", join(dir, "slapd.conf"), "-b", base.suffix, "-l", join(dir, "contoso.ldif")], { stdio: "pipe" });
  execFileSync(SLAPADD, ["-f", join(dir, "slapd.conf"), "-b", base.ad.suffix, "-l", join(dir, "ad.ldif")], { stdio: "pipe" });
  const [port, tlsPort] = [await freePort(), await freePort()];
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = `ldaps://127.0.0.1:${tlsPort}`;
  // -d 0 keeps slapd in the foreground, so it is this process's child and dies with the run.
  const child = spawn(SLAPD, ["-f", join(dir, "slapd.conf"), "-h", `${url}/ ${ldapsUrl}/`, "-d", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  let errors = "";
  child.stderr!.on("data", (chunk) => (errors += chunk));
  try {
    await listening(port, Date.now() + 15_000);
    await listening(tlsPort, Date.now() + 15_000);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${errors}`);
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        rmSync(dir, { recursive: true, force: true });
        resolve();
      };
      if (child.exitCode !== null) return done();
      child.once("exit", done);
      child.kill("SIGTERM");
    });
  return { info: { ...base, url, ldapsUrl }, stop };
}

/** vitest globalSetup: one slapd for the project's run, its facts provided as `slapd`. */
export default async function setup(project: { provide: (key: "slapd", value: SlapdInfo) => void }) {
  const { info, stop } = await startSlapd();
  project.provide("slapd", info);
  return stop;
}
