import { readFileSync } from "node:fs";
import { z } from "zod";
import { AgentKeyPattern, DirectoryKindSchema } from "#contract/writeback";

/**
 * The agent's configuration: a JSON file (`SESAME_AGENT_CONFIG`) and/or environment variables,
 * the variables winning. Secrets may come from files (`…_FILE`), so they need not sit in the
 * environment or in a config file others can read. Validated whole at start: a wrong setting
 * stops the agent with the field's name, never later in the middle of a reset.
 */

const loopback = (url: string) => /^ldaps?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\/?$/i.test(url);

const LdapSchema = z
  .strictObject({
    kind: DirectoryKindSchema,
    url: z.string().regex(/^ldaps?:\/\/[^/\s]+\/?$/, "ldap://host[:port] or ldaps://host[:port]"),
    bindDn: z.string().min(1),
    bindPassword: z.string().min(1),
    /** Where users are searched for. */
    baseDn: z.string().min(1),
    /**
     * How a Sesame user name finds its entry: an RFC 4515 filter where `{userName}` is the whole
     * user name (`alice@contoso.com`) and `{localPart}` the part before `@`, both escaped.
     * Defaults: `(userPrincipalName={userName})` for Active Directory, `(mail={userName})` for OpenLDAP.
     */
    userFilter: z.string().min(3).max(500).optional(),
    startTls: z.boolean().default(false),
    /** PEM file of the CA that signed the directory's certificate, when not a public one. */
    caFile: z.string().min(1).optional(),
    /** Plain LDAP to a host other than this one sends passwords in clear: only when set on purpose. */
    allowInsecure: z.boolean().default(false),
    /** Per LDAP operation; keep it under the worker's apply margin (8 s). */
    timeoutMs: z.number().int().min(500).max(8_000).default(5_000),
    /** OpenLDAP: the default ppolicy entry, read to tell users the policy's numbers. */
    ppolicyDn: z.string().min(1).optional(),
    /** Active Directory: ask AD to apply password history to these resets too (policy hints control). */
    enforceHistory: z.boolean().default(true),
  })
  .superRefine((ldap, ctx) => {
    const encrypted = ldap.url.startsWith("ldaps://") || ldap.startTls;
    if (ldap.kind === "activeDirectory" && !encrypted) {
      ctx.addIssue({ code: "custom", path: ["url"], message: "Active Directory takes passwords only over ldaps:// or StartTLS" });
    } else if (!encrypted && !loopback(ldap.url) && !ldap.allowInsecure) {
      ctx.addIssue({ code: "custom", path: ["url"], message: "use ldaps:// or StartTLS (or set allowInsecure on purpose)" });
    }
  });

export const AgentConfigSchema = z.strictObject({
  /** The Sesame worker, e.g. https://sesame.example.com. */
  workerUrl: z.url({ protocol: /^(https?|wss?)$/ }),
  agentKey: z.string().regex(AgentKeyPattern, "an agent key as issued: ak_<tenant>_…"),
  /** Optional: when given, must match the tenant in the agent key. */
  tenant: z.string().optional(),
  /** Holds the agent's private keys and its memory of recent commands (mode 0600). */
  stateDir: z.string().min(1),
  healthIntervalMs: z.number().int().min(5_000).max(3_600_000).default(60_000),
  ldap: LdapSchema,
});
export type AgentConfig = z.output<typeof AgentConfigSchema> & { tenantId: string };

const secret = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const file = env[`${name}_FILE`];
  return file ? readFileSync(file, "utf8").trim() : env[name];
};

const bool = (value: string | undefined) => (value === undefined ? undefined : /^(1|true|yes)$/i.test(value));
const int = (value: string | undefined) => (value === undefined ? undefined : Number(value));

/** The settings the environment gives, in the file's shape; unset variables are left out. */
function fromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const drop = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  return drop({
    workerUrl: env.SESAME_URL,
    agentKey: secret(env, "SESAME_AGENT_KEY"),
    tenant: env.SESAME_TENANT,
    stateDir: env.SESAME_AGENT_STATE_DIR,
    healthIntervalMs: int(env.SESAME_AGENT_HEALTH_INTERVAL_MS),
    ldap: drop({
      kind: env.LDAP_KIND,
      url: env.LDAP_URL,
      bindDn: env.LDAP_BIND_DN,
      bindPassword: secret(env, "LDAP_BIND_PASSWORD"),
      baseDn: env.LDAP_BASE_DN,
      userFilter: env.LDAP_USER_FILTER,
      startTls: bool(env.LDAP_START_TLS),
      caFile: env.LDAP_CA_FILE,
      allowInsecure: bool(env.LDAP_ALLOW_INSECURE),
      timeoutMs: int(env.LDAP_TIMEOUT_MS),
      ppolicyDn: env.LDAP_PPOLICY_DN,
      enforceHistory: bool(env.LDAP_ENFORCE_HISTORY),
    }),
  });
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Reads and checks the configuration.
 *
 * @example
 * const config = loadConfig(process.env); // SESAME_URL, SESAME_AGENT_KEY, LDAP_URL, …
 */
export function loadConfig(env: NodeJS.ProcessEnv): AgentConfig {
  let file: Record<string, unknown> = {};
  if (env.SESAME_AGENT_CONFIG) {
    try {
      file = z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(env.SESAME_AGENT_CONFIG, "utf8")));
    } catch (error) {
      throw new ConfigError(`cannot read ${env.SESAME_AGENT_CONFIG}: ${(error as Error).message}`);
    }
  }
  const fromVars = fromEnv(env);
  const merged = { ...file, ...fromVars, ldap: { ...(file.ldap as object | undefined), ...(fromVars.ldap as object) } };
  const parsed = AgentConfigSchema.safeParse(merged);
  if (!parsed.success) {
    // Paths and messages only: never the values, some of which are secrets.
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new ConfigError(`invalid agent configuration:\n  ${problems.join("\n  ")}`);
  }
  const tenantId = AgentKeyPattern.exec(parsed.data.agentKey)![1]!;
  if (parsed.data.tenant !== undefined && parsed.data.tenant !== tenantId) {
    throw new ConfigError(`tenant: the agent key belongs to tenant "${tenantId}", not "${parsed.data.tenant}"`);
  }
  return { ...parsed.data, tenantId };
}

/** The WebSocket URL of the worker's agent endpoint. */
export function connectUrl(workerUrl: string): string {
  const url = new URL("/v1/writeback/connect", workerUrl);
  url.protocol = url.protocol === "https:" || url.protocol === "wss:" ? "wss:" : "ws:";
  return url.toString();
}
