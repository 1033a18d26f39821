import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, connectUrl, loadConfig } from "./config.ts";

const KEY = `ak_contoso_${"k".repeat(43)}`;
const base = {
  SESAME_URL: "https://sesame.example.com",
  SESAME_AGENT_KEY: KEY,
  SESAME_AGENT_STATE_DIR: "/var/lib/sesame-agent",
  LDAP_KIND: "openldap",
  LDAP_URL: "ldaps://ldap.contoso.example",
  LDAP_BIND_DN: "cn=agent,dc=contoso,dc=example",
  LDAP_BIND_PASSWORD: "service-secret",
  LDAP_BASE_DN: "ou=people,dc=contoso,dc=example",
};

const failure = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("configuration was accepted");
};

describe("agent configuration", () => {
  it("reads the environment, with defaults, and takes the tenant from the key", () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({ tenantId: "contoso", healthIntervalMs: 60_000, ldap: { kind: "openldap", timeoutMs: 5_000, startTls: false } });
  });

  it("merges a JSON file under the environment, and reads secrets from files", () => {
    const dir = mkdtempSync(join(tmpdir(), "agent-config-"));
    writeFileSync(join(dir, "config.json"), JSON.stringify({ ...{ workerUrl: "https://file.example" }, ldap: { timeoutMs: 2_000, ppolicyDn: "cn=p,dc=x" } }));
    writeFileSync(join(dir, "bind"), "from-a-file\n");
    const { SESAME_URL: _url, LDAP_BIND_PASSWORD: _pw, ...rest } = base;
    const config = loadConfig({ ...rest, SESAME_AGENT_CONFIG: join(dir, "config.json"), LDAP_BIND_PASSWORD_FILE: join(dir, "bind"), LDAP_TIMEOUT_MS: "3000" });
    expect(config.workerUrl).toBe("https://file.example");
    expect(config.ldap).toMatchObject({ bindPassword: "from-a-file", timeoutMs: 3_000, ppolicyDn: "cn=p,dc=x" });
  });

  it("insists on an encrypted directory connection, except to this host or when told", () => {
    expect(failure({ ...base, LDAP_KIND: "activeDirectory", LDAP_URL: "ldap://dc01.contoso.example" })).toContain("ldap.url");
    expect(loadConfig({ ...base, LDAP_KIND: "activeDirectory", LDAP_URL: "ldap://dc01.contoso.example", LDAP_START_TLS: "true" }).ldap.startTls).toBe(true);
    expect(failure({ ...base, LDAP_URL: "ldap://ldap.contoso.example" })).toContain("ldaps://");
    expect(loadConfig({ ...base, LDAP_URL: "ldap://127.0.0.1:389" }).ldap.url).toBe("ldap://127.0.0.1:389");
    expect(loadConfig({ ...base, LDAP_URL: "ldap://ldap.contoso.example", LDAP_ALLOW_INSECURE: "1" }).ldap.allowInsecure).toBe(true);
  });

  it("names what is wrong without echoing secrets", () => {
    const message = failure({ ...base, SESAME_AGENT_KEY: "sk_contoso_not-an-agent-key", LDAP_BIND_PASSWORD: "" });
    expect(message).toContain("agentKey");
    expect(message).toContain("ldap.bindPassword");
    expect(message).not.toContain("sk_contoso_not-an-agent-key");
    expect(failure({ ...base, SESAME_TENANT: "fabrikam" })).toContain('belongs to tenant "contoso"');
  });

  it("connects over wss for an https worker", () => {
    expect(connectUrl("https://sesame.example.com")).toBe("wss://sesame.example.com/v1/writeback/connect");
    expect(connectUrl("http://127.0.0.1:8787/")).toBe("ws://127.0.0.1:8787/v1/writeback/connect");
  });
});
