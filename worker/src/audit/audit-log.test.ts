import { env } from "cloudflare:workers";
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AuditEventInput } from "#contract/audit";
import { AUDIT_RETENTION_MS } from "./schema";
import { auditShard } from "./shards";

const event = (n: number): AuditEventInput => ({
  activity: "Self-service password reset flow activity progress",
  result: n % 3 === 0 ? "failure" : "success",
  reason: n % 3 === 0 ? "CAPTCHA_FAILED" : null,
  userId: `usr_user${String(n).padStart(6, "0")}`,
  step: "identified",
});

/** A shard of a tenant of its own, so tests do not see each other's entries. */
function freshShard() {
  const tenantId = `chain-${crypto.randomUUID().slice(0, 8)}`;
  const stub = auditShard(env, tenantId, 0);
  return { tenantId, stub, append: (input: AuditEventInput) => stub.append(tenantId, 0, input) };
}

const sqlOf = (stub: ReturnType<typeof freshShard>["stub"], run: (sql: SqlStorage) => unknown) =>
  runInDurableObject(stub, (_instance, state) => run(state.storage.sql));

afterEach(() => void vi.useRealTimers());

describe("AuditLog", () => {
  it("appends entries chained by SHA-256, and the chain verifies", async () => {
    const { stub, append } = freshShard();
    for (let n = 1; n <= 5; n++) expect((await append(event(n))).ok).toBe(true);
    const report = await stub.verifyChain();
    expect(report).toMatchObject({ ok: true, entries: 5 });
    expect(report.head).toMatch(/^[0-9a-f]{64}$/);
    const rows = (await sqlOf(stub, (sql) => sql.exec("SELECT prev_hash, hash FROM entries ORDER BY seq").toArray())) as {
      prev_hash: string;
      hash: string;
    }[];
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
  });

  it("refuses updates and early deletes at the database", async () => {
    const { stub, append } = freshShard();
    await append(event(1));
    await sqlOf(stub, (sql) => {
      expect(() => sql.exec("UPDATE entries SET result = 'success'")).toThrow(/append-only/);
      expect(() => sql.exec("DELETE FROM entries")).toThrow(/retention/);
    });
    expect((await stub.verifyChain()).ok).toBe(true);
  });

  it("detects a tampered row, even when the tamperer gets past the triggers", async () => {
    const { stub, append } = freshShard();
    for (let n = 1; n <= 4; n++) await append(event(n));
    await sqlOf(stub, (sql) => {
      sql.exec("DROP TRIGGER entries_no_update");
      sql.exec("UPDATE entries SET result = 'success', reason = NULL WHERE seq = 3");
    });
    expect(await stub.verifyChain()).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it("detects a removed row", async () => {
    const { stub, append } = freshShard();
    for (let n = 1; n <= 4; n++) await append(event(n));
    await sqlOf(stub, (sql) => {
      sql.exec("DROP TRIGGER entries_no_early_delete");
      sql.exec("DELETE FROM entries WHERE seq = 2");
    });
    expect(await stub.verifyChain()).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it("detects a row whose own hash was forged: the next row still links to the old one", async () => {
    const { stub, append } = freshShard();
    for (let n = 1; n <= 4; n++) await append(event(n));
    await sqlOf(stub, (sql) => {
      sql.exec("DROP TRIGGER entries_no_update");
      sql.exec("UPDATE entries SET hash = (CASE substr(hash, 1, 1) WHEN '0' THEN '1' ELSE '0' END) || substr(hash, 2) WHERE seq = 2");
    });
    expect(await stub.verifyChain()).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it("binds a shard to its tenant and number: addressed as another, it refuses and changes nothing", async () => {
    const { tenantId, stub, append } = freshShard();
    await append(event(1));
    expect(await stub.append("someone-else", 0, event(2))).toEqual({ ok: false, code: "INTERNAL" });
    expect(await stub.append(tenantId, 1, event(2))).toEqual({ ok: false, code: "INTERNAL" });
    expect(await stub.verifyChain()).toMatchObject({ ok: true, entries: 1 });
  });

  it("refuses an event with a field that is not in the schema, or dated too far back", async () => {
    const { stub, append } = freshShard();
    const withSecret = { ...event(1), password: "Hunter2-Hunter2" } as AuditEventInput;
    expect(await append(withSecret)).toEqual({ ok: false, code: "VALIDATION_FAILED" });
    const stale = { ...event(1), time: new Date(Date.now() - 2 * 86_400_000).toISOString() };
    expect(await append(stale)).toEqual({ ok: false, code: "VALIDATION_FAILED" });
    expect((await stub.verifyChain()).entries).toBe(0);
  });

  it("prunes entries past retention and the chain still verifies from where it was cut", async () => {
    const { stub, append } = freshShard();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() - AUDIT_RETENTION_MS - 3_600_000);
    for (let n = 1; n <= 3; n++) await append(event(n));
    vi.useRealTimers();
    for (let n = 4; n <= 5; n++) await append(event(n));
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const seqs = (await sqlOf(stub, (sql) => sql.exec("SELECT seq FROM entries ORDER BY seq").toArray())) as { seq: number }[];
    expect(seqs.map((row) => row.seq)).toEqual([4, 5]);
    expect(await stub.verifyChain()).toMatchObject({ ok: true, entries: 2 });
  });
});
