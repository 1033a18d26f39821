import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import type { Env } from "../env";
import { clockNow } from "../lib/clock";
import { migrate } from "../lib/sql";
import {
  SMART_LOCKOUT_BAD_HASHES,
  SMART_LOCKOUT_CAP_SECONDS,
  SMART_LOCKOUT_FORGET_SECONDS,
  SMART_LOCKOUT_GROWTH,
  SMART_LOCKOUT_SECONDS_MAX,
  SMART_LOCKOUT_SECONDS_MIN,
  SMART_LOCKOUT_THRESHOLD_MAX,
  SMART_LOCKOUT_THRESHOLD_MIN,
} from "../limits";

const steps = [
  `CREATE TABLE state (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     failures INTEGER NOT NULL,
     strikes INTEGER NOT NULL,
     locked_until INTEGER NOT NULL,
     last_failure_at INTEGER NOT NULL,
     bad_hashes TEXT NOT NULL
   )`,
];

type StateRow = { failures: number; strikes: number; locked_until: number; last_failure_at: number; bad_hashes: string };
interface State {
  failures: number;
  strikes: number;
  lockedUntil: number;
  lastFailureAt: number;
  badHashes: string[];
}

const FakeNow = z.number().int().nonnegative().optional();
const AttemptSchema = z.strictObject({
  match: z.boolean(),
  /** Keyed hash (hex) of a wrong password; absent when the password matched. */
  badHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  threshold: z.number().int().min(SMART_LOCKOUT_THRESHOLD_MIN).max(SMART_LOCKOUT_THRESHOLD_MAX),
  durationSeconds: z.number().int().min(SMART_LOCKOUT_SECONDS_MIN).max(SMART_LOCKOUT_SECONDS_MAX),
  now: FakeNow,
});
export type LockoutAttempt = z.input<typeof AttemptSchema>;

export interface LockoutOutcome {
  /** The sign-in may go on: the password matched and the account is not locked. */
  allowed: boolean;
  locked: boolean;
  /** This attempt is the one that locked the account. */
  lockedNow: boolean;
  /** Seconds until the lock lifts; 0 when not locked. */
  retryAfter: number;
  /** The lockout's length when `lockedNow`, for the audit log. */
  lockedForSeconds: number;
}

const fresh = (): State => ({ failures: 0, strikes: 0, lockedUntil: 0, lastFailureAt: 0, badHashes: [] });

/**
 * Smart lockout for one account (`idFromName("<tenant>/<user>")`; unknown user names get one too,
 * keyed by a keyed hash of the name, so locking says nothing of who exists). Every password
 * attempt of the account is decided here, after the edge has checked the password, in one call:
 * check and count cannot be raced. Entra's rules: `threshold` wrong passwords lock for
 * `durationSeconds`; after that each further wrong password locks again for twice as long (up to
 * a cap); the same wrong password repeated is not counted again; a right password while locked is
 * still refused; a right password otherwise forgets everything.
 */
export class SignInLockout extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => migrate(this.sql, steps));
  }

  async attempt(raw: LockoutAttempt): Promise<LockoutOutcome> {
    const input = AttemptSchema.parse(raw);
    const now = clockNow(this.env, input.now);
    const state = this.load(now);
    const retryAfter = (until: number) => Math.max(1, Math.ceil((until - now) / 1000));
    if (now < state.lockedUntil) return { allowed: false, locked: true, lockedNow: false, retryAfter: retryAfter(state.lockedUntil), lockedForSeconds: 0 };
    if (input.match) {
      await this.clear();
      return { allowed: true, locked: false, lockedNow: false, retryAfter: 0, lockedForSeconds: 0 };
    }
    const next = { ...state, lastFailureAt: now };
    const repeated = input.badHash !== undefined && state.badHashes.includes(input.badHash);
    if (!repeated) {
      next.failures += 1;
      if (input.badHash) next.badHashes = [input.badHash, ...state.badHashes].slice(0, SMART_LOCKOUT_BAD_HASHES);
    }
    let lockedForSeconds = 0;
    if (!repeated && next.failures >= input.threshold) {
      lockedForSeconds = Math.min(input.durationSeconds * SMART_LOCKOUT_GROWTH ** next.strikes, SMART_LOCKOUT_CAP_SECONDS);
      next.strikes += 1;
      next.lockedUntil = now + lockedForSeconds * 1000;
      // One more wrong password after the lock lifts locks again, for longer.
      next.failures = input.threshold - 1;
    }
    await this.save(next);
    const locked = lockedForSeconds > 0;
    return { allowed: false, locked, lockedNow: locked, retryAfter: locked ? retryAfter(next.lockedUntil) : 0, lockedForSeconds };
  }

  /** The account's lockout as it stands, for tests and admins; nothing is counted. */
  status(raw: { now?: number } = {}): { locked: boolean; failures: number; strikes: number; retryAfter: number } {
    const now = clockNow(this.env, FakeNow.parse(raw.now));
    const state = this.load(now);
    const locked = now < state.lockedUntil;
    return { locked, failures: state.failures, strikes: state.strikes, retryAfter: locked ? Math.ceil((state.lockedUntil - now) / 1000) : 0 };
  }

  /** Unlock (SSPR or admin): forgets failures, streak and bad hashes. */
  async clear(): Promise<void> {
    await this.ctx.storage.deleteAll();
    migrate(this.sql, steps);
  }

  override async alarm(): Promise<void> {
    const state = this.row();
    if (!state) return;
    const idle = Math.max(state.lockedUntil, state.lastFailureAt) + SMART_LOCKOUT_FORGET_SECONDS * 1000;
    if (Date.now() >= idle) await this.clear();
    else await this.ctx.storage.setAlarm(idle);
  }

  /** The state at `now`: a quiet day forgets an account's failures, once no lock is running. */
  private load(now: number): State {
    const state = this.row();
    if (!state) return fresh();
    const idle = Math.max(state.lockedUntil, state.lastFailureAt) + SMART_LOCKOUT_FORGET_SECONDS * 1000;
    return now >= idle ? fresh() : state;
  }

  private row(): State | null {
    const row = this.sql.exec<StateRow>("SELECT * FROM state WHERE id = 1").toArray()[0];
    if (!row) return null;
    return { failures: row.failures, strikes: row.strikes, lockedUntil: row.locked_until, lastFailureAt: row.last_failure_at, badHashes: JSON.parse(row.bad_hashes) as string[] };
  }

  private async save(state: State): Promise<void> {
    this.sql.exec(
      `INSERT INTO state (id, failures, strikes, locked_until, last_failure_at, bad_hashes) VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET failures = excluded.failures, strikes = excluded.strikes,
         locked_until = excluded.locked_until, last_failure_at = excluded.last_failure_at, bad_hashes = excluded.bad_hashes`,
      state.failures,
      state.strikes,
      state.lockedUntil,
      state.lastFailureAt,
      JSON.stringify(state.badHashes),
    );
    // Real time: with a fake clock in tests the alarm simply looks again later.
    await this.ctx.storage.setAlarm(Date.now() + SMART_LOCKOUT_FORGET_SECONDS * 1000);
  }
}
