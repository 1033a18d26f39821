import { DurableObject } from "cloudflare:workers";
import type { WritebackAgent, WritebackStatus } from "#contract/admin/writeback";
import { AgentMessageSchema, CloseCodes, MAX_MESSAGE_BYTES, parseMessage, PING, PONG, WRITEBACK_PROTOCOL, type AgentMessage, type Command } from "#contract/writeback";
import type { Env } from "../env";
import { fail, ok, type Result } from "../http/api-error";
import { log } from "../http/log";
import { migrate } from "../lib/sql";
import { WRITEBACK_AGENT_KEYS_MAX, WRITEBACK_APPLY_MARGIN_MS, WRITEBACK_HELLO_TIMEOUT_MS } from "../limits";
import { agentForHash, agentView, insertAgentKey, liveAgent, liveAgents, pinnedKeys, recordDisconnected, recordHealth, recordHello, recordSeen, revokeAgentRow, type AgentRow } from "./agents";
import { commandCounts, finishCommand, finishedOutcome, lateResult, pruneCommands, startCommand } from "./commands";
import { PendingCommands } from "./pending";
import { openResult } from "./seal";
import { writebackMigrations } from "./schema";
import { ExecuteInputSchema, type AgentChoice, type ExecuteInput, type ExecuteOutcome, type SocketAttachment } from "./types";

/** The header the edge passes the agent key's SHA-256 in; the key itself never reaches the object. */
export const AGENT_KEY_HASH_HEADER = "x-sesame-agent-key-hash";

const OPEN = 1;
const attachmentOf = (ws: WebSocket) => ws.deserializeAttachment() as SocketAttachment;

function closeQuietly(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.close(code, reason);
  } catch {
    // Already closing: nothing to do.
  }
}

/**
 * One tenant's password writeback: its agent keys, the agents' WebSockets (with the hibernation
 * API, so an idle tenant costs nothing while its agents stay connected), and the commands a reset
 * or unlock sends them. The edge seals each password to the chosen agent's key before it gets
 * here, so this object only ever relays ciphertext, and it trusts a result only when the agent's
 * registered key signed it.
 */
export class Writeback extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly pending = new PendingCommands();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    void ctx.blockConcurrencyWhile(async () => migrate(this.sql, writebackMigrations));
    // Keep-alives are answered by the runtime itself, without waking a hibernating object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  // Admin API

  async issueKey(tenantId: string, name: string): Promise<Result<{ agent: WritebackAgent; key: string }>> {
    if (this.sql.exec("SELECT 1 FROM meta").toArray().length === 0) this.sql.exec("INSERT INTO meta (tenant_id) VALUES (?)", tenantId);
    if (liveAgents(this.sql).length >= WRITEBACK_AGENT_KEYS_MAX) return fail("AGENT_KEY_LIMIT");
    const { row, key } = await insertAgentKey(this.sql, tenantId, name, Date.now());
    return ok({ agent: this.view(row), key });
  }

  revokeKey(id: string): Result<null> {
    if (!revokeAgentRow(this.sql, id, Date.now())) return fail("AGENT_KEY_NOT_FOUND");
    for (const ws of this.ctx.getWebSockets(id)) closeQuietly(ws, CloseCodes.revoked, "agent key revoked");
    return ok(null);
  }

  status(): Omit<WritebackStatus, "enabled" | "allowUnlockWithoutReset"> {
    const agents = liveAgents(this.sql).map((row) => this.view(row));
    const seen = agents.map((a) => a.lastSeenAt).filter((t): t is string => t !== null).sort();
    return { connected: agents.some((a) => a.connected), lastSeenAt: seen.at(-1) ?? null, agents, last24h: commandCounts(this.sql, Date.now()) };
  }

  // The agent's connection (the only thing `fetch` does here: WebSockets must arrive by fetch)

  override async fetch(request: Request): Promise<Response> {
    const row = agentForHash(this.sql, request.headers.get(AGENT_KEY_HASH_HEADER) ?? "");
    if (!row || request.headers.get("upgrade")?.toLowerCase() !== "websocket") return new Response(null, { status: 401 });
    // One connection per agent: a reconnect replaces a connection the agent has given up on.
    for (const old of this.ctx.getWebSockets(row.id)) closeQuietly(old, CloseCodes.replaced, "replaced by a newer connection");
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, [row.id]);
    server.serializeAttachment({ agentId: row.id, registered: false, connectedAt: Date.now() } satisfies SocketAttachment);
    await this.alarmNoLaterThan(Date.now() + WRITEBACK_HELLO_TIMEOUT_MS);
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const attachment = attachmentOf(ws);
    const row = liveAgent(this.sql, attachment.agentId);
    if (!row) return closeQuietly(ws, CloseCodes.revoked, "agent key revoked");
    const parsed = typeof message === "string" && message.length <= MAX_MESSAGE_BYTES ? parseMessage(AgentMessageSchema, message) : null;
    if (!parsed || (parsed.type !== "hello" && !attachment.registered)) return closeQuietly(ws, CloseCodes.protocolError, "unexpected message");
    if (parsed.type === "hello") return this.hello(ws, attachment, row, parsed);
    if (parsed.type === "health") return recordHealth(this.sql, row.id, parsed, Date.now());
    return this.result(ws, row, parsed);
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    const { agentId } = attachmentOf(ws);
    const others = this.ctx.getWebSockets(agentId).filter((s) => s !== ws && s.readyState === OPEN);
    if (others.length === 0) recordDisconnected(this.sql, agentId, Date.now());
    closeQuietly(ws, code === 1005 || code === 1006 ? 1000 : code, "closed");
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    await this.webSocketClose(ws, 1011);
  }

  /** Closes connections that never said hello, and forgets old commands. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    for (const ws of this.ctx.getWebSockets()) {
      const { registered, connectedAt } = attachmentOf(ws);
      if (!registered && now - connectedAt >= WRITEBACK_HELLO_TIMEOUT_MS) closeQuietly(ws, CloseCodes.helloTimeout, "no hello");
    }
    if (pruneCommands(this.sql, now) > 0) await this.alarmNoLaterThan(now + 60 * 60 * 1000);
  }

  // Commands (called by the edge during a reset or unlock)

  /** The connected agent to seal a password for: the one heard from most recently. */
  pickAgent(): AgentChoice {
    const candidates = liveAgents(this.sql)
      .map((row) => ({ row, keys: pinnedKeys(row), socket: this.registeredSocket(row.id) }))
      .filter((c) => c.keys !== null && c.socket !== null)
      .sort((a, b) => (b.row.last_seen_at ?? 0) - (a.row.last_seen_at ?? 0));
    const best = candidates[0];
    return best ? { ok: true, agentId: best.row.id, encryptionKey: best.keys!.encryptionKey } : { ok: false, code: "AGENT_OFFLINE" };
  }

  /**
   * Sends a command to its agent and waits for the signed result, up to `timeoutMs`. Idempotent
   * by command id: a retry joins the command still waiting, or gets the finished one's outcome.
   */
  async execute(input: ExecuteInput): Promise<ExecuteOutcome> {
    const parsed = ExecuteInputSchema.safeParse(input);
    if (!parsed.success) return { ok: false, code: "BAD_COMMAND" };
    const { commandId, agentId, timeoutMs, user, password, unlock } = parsed.data;
    const done = finishedOutcome(this.sql, commandId) ?? this.pending.get(commandId);
    if (done) return done;
    const now = Date.now();
    const socket = this.registeredSocket(agentId);
    if (!socket) {
      finishCommand(this.sql, commandId, agentId, "offline", { ok: false, code: "AGENT_OFFLINE" }, now);
      return { ok: false, code: "AGENT_OFFLINE" };
    }
    startCommand(this.sql, commandId, agentId, now);
    await this.alarmNoLaterThan(now + 60 * 60 * 1000);
    // Short test timeouts keep half their time for the agent to start in.
    const startWithinMs = timeoutMs - Math.min(WRITEBACK_APPLY_MARGIN_MS, Math.floor(timeoutMs / 2));
    const command: Omit<Command, "startWithinMs"> = { type: "command", commandId, user, password, unlock };
    const outcome = this.pending.add(command, agentId, { deadline: now + timeoutMs, startBy: now + startWithinMs }, () =>
      finishCommand(this.sql, commandId, agentId, "timed_out", { ok: false, code: "TIMEOUT" }, Date.now()),
    );
    this.send(socket, { ...command, startWithinMs });
    return outcome;
  }

  // Inside

  private hello(ws: WebSocket, attachment: SocketAttachment, row: AgentRow, hello: Extract<AgentMessage, { type: "hello" }>): void {
    const now = Date.now();
    if (recordHello(this.sql, row, hello, now) === "mismatch") {
      log("warn", "writeback agent refused: keys differ from the registered ones", { agentId: row.id });
      return closeQuietly(ws, CloseCodes.keyMismatch, "keys do not match this agent key; issue a new key");
    }
    ws.serializeAttachment({ ...attachment, registered: true } satisfies SocketAttachment);
    this.send(ws, { type: "welcome", agentId: row.id, protocol: WRITEBACK_PROTOCOL });
    log("info", "writeback agent connected", { agentId: row.id, version: hello.version, directory: hello.directory });
    for (const command of this.pending.resendable(row.id, now)) this.send(ws, command);
  }

  private async result(ws: WebSocket, row: AgentRow, message: Extract<AgentMessage, { type: "result" }>): Promise<void> {
    const keys = pinnedKeys(row);
    const tenant = this.sql.exec<{ tenant_id: string }>("SELECT tenant_id FROM meta").toArray()[0]?.tenant_id;
    const signed = keys ? await openResult(keys.signingKey, message.signed) : null;
    if (!signed || signed.commandId !== message.commandId || signed.tenant !== tenant) {
      log("warn", "writeback result refused: bad signature or binding", { agentId: row.id, commandId: message.commandId });
      return closeQuietly(ws, CloseCodes.protocolError, "result not signed by this agent");
    }
    const now = Date.now();
    recordSeen(this.sql, row.id, now);
    if (this.pending.settle(signed.commandId, signed.outcome)) {
      finishCommand(this.sql, signed.commandId, row.id, signed.outcome.ok ? "succeeded" : "failed", signed.outcome, now);
    } else if (lateResult(this.sql, signed.commandId, signed.outcome, now) && signed.outcome.ok) {
      // The directory changed after the edge gave up: the two sides now disagree until the user
      // resets again. Rare by design (see WRITEBACK_APPLY_MARGIN_MS), and never silent.
      log("error", "writeback succeeded after the reset had failed", { agentId: row.id, commandId: signed.commandId });
    }
  }

  private registeredSocket(agentId: string): WebSocket | null {
    const sockets = this.ctx.getWebSockets(agentId).filter((ws) => ws.readyState === OPEN && attachmentOf(ws).registered);
    return sockets.at(-1) ?? null;
  }

  private send(ws: WebSocket, message: object): void {
    try {
      ws.send(JSON.stringify(message));
    } catch {
      // The socket just closed: a waiting command is sent again when its agent says hello.
    }
  }

  private view(row: AgentRow): WritebackAgent {
    const sockets = this.ctx.getWebSockets(row.id).filter((ws) => ws.readyState === OPEN && attachmentOf(ws).registered);
    const seenAt = Math.max(0, ...sockets.map((ws) => this.ctx.getWebSocketAutoResponseTimestamp(ws)?.getTime() ?? 0));
    return agentView(row, { connected: sockets.length > 0, seenAt: seenAt || null });
  }

  private async alarmNoLaterThan(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }
}
