import { readFileSync } from "node:fs";
import { Client, InsufficientAccessError, InvalidCredentialsError, NoSuchObjectError, ResultCodeError } from "ldapts";
import type { CommandOutcome } from "#contract/writeback";
import type { AgentConfig } from "../config.ts";

export type LdapConfig = AgentConfig["ldap"];

/** What the agent asks of a directory, and how every directory answers. */
export interface DirectoryRequest {
  userName: string;
  /** The new password, or null to clear the lockout only. */
  password: string | null;
  unlock: boolean;
}

export interface Directory {
  apply(request: DirectoryRequest): Promise<CommandOutcome>;
  /** Binds and reads the base entry: what the agent reports as its health. */
  health(): Promise<{ directoryReachable: boolean; latencyMs: number | null }>;
}

/** An outcome decided deep inside an operation, thrown to end it. */
export class Refusal extends Error {
  readonly outcome: Extract<CommandOutcome, { ok: false }>;
  constructor(outcome: Extract<CommandOutcome, { ok: false }>) {
    super(outcome.code);
    this.outcome = outcome;
  }
}

/**
 * Runs `work` on a fresh connection bound as the agent's service account, then closes it. One
 * connection per command keeps failures apart (a reset never inherits a half-dead connection),
 * and resets are rare enough that the cost does not matter.
 */
export async function withLdap<T>(config: LdapConfig, work: (client: Client) => Promise<T>): Promise<T> {
  const tlsOptions = { minVersion: "TLSv1.2" as const, ...(config.caFile ? { ca: readFileSync(config.caFile) } : {}) };
  // ldapts treats any tlsOptions as "connect with TLS": give them only for ldaps://.
  const secure = config.url.startsWith("ldaps://");
  const client = new Client({ url: config.url, timeout: config.timeoutMs, connectTimeout: config.timeoutMs, ...(secure ? { tlsOptions } : {}), strictDN: false });
  try {
    if (config.startTls) await client.startTLS(tlsOptions);
    await client.bind(config.bindDn, config.bindPassword);
    return await work(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** RFC 4515 escaping of a value put into a filter. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

export function userFilter(template: string, userName: string): string {
  const localPart = userName.split("@")[0] ?? userName;
  return template.replaceAll("{userName}", escapeFilterValue(userName)).replaceAll("{localPart}", escapeFilterValue(localPart));
}

export type Entry = { dn: string } & Record<string, unknown>;

/** The one entry a user name maps to; anything but exactly one is USER_NOT_FOUND. */
export async function findUser(client: Client, config: LdapConfig, filter: string, attributes: string[]): Promise<Entry> {
  const { searchEntries } = await client.search(config.baseDn, { scope: "sub", filter, attributes, sizeLimit: 2 });
  if (searchEntries.length !== 1) throw new Refusal({ ok: false, code: "USER_NOT_FOUND" });
  return searchEntries[0] as Entry;
}

/** One value of an attribute, as text. */
export function first(entry: Record<string, unknown>, name: string): string | null {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : entry[key];
  const one = Array.isArray(value) ? value[0] : value;
  if (one === undefined || one === null) return null;
  return Buffer.isBuffer(one) ? one.toString("utf8") : String(one);
}

/**
 * The outcome for an error that is about the connection or the account, not the password:
 * what every directory shares. Unknown errors are INTERNAL, never guessed at.
 */
export function failureOf(error: unknown): Extract<CommandOutcome, { ok: false }> {
  if (error instanceof Refusal) return error.outcome;
  if (error instanceof InsufficientAccessError) return { ok: false, code: "ACCESS_DENIED" };
  if (error instanceof NoSuchObjectError) return { ok: false, code: "USER_NOT_FOUND" };
  if (error instanceof InvalidCredentialsError) return { ok: false, code: "DIRECTORY_UNAVAILABLE" };
  if (error instanceof ResultCodeError) return { ok: false, code: "INTERNAL" };
  // Sockets, TLS and timeouts: the directory is not there for us.
  return { ok: false, code: "DIRECTORY_UNAVAILABLE" };
}

/** A health probe shared by both directories: bind, then read the base entry. */
export async function probe(config: LdapConfig): Promise<{ directoryReachable: boolean; latencyMs: number | null }> {
  const started = Date.now();
  try {
    await withLdap(config, (client) => client.search(config.baseDn, { scope: "base", attributes: ["1.1"] }));
    return { directoryReachable: true, latencyMs: Date.now() - started };
  } catch {
    return { directoryReachable: false, latencyMs: null };
  }
}
