import WebSocket from "ws";
import { CloseCodes, MAX_MESSAGE_BYTES, PING, PONG } from "#contract/writeback";
import { reconnectDelay, RECONNECT_CAP_MS } from "./backoff.ts";
import type { Logger } from "./log.ts";

/** A keep-alive every so often; no answer to two in a row means the connection is dead. */
export const PING_INTERVAL_MS = 20_000;

export interface ConnectionEvents {
  /** The socket is open: say hello. */
  open(send: (message: object) => boolean): void;
  /** A text message other than the keep-alive's answer. */
  message(text: string): void;
}

/**
 * The agent's one outbound WebSocket to Sesame, kept up for as long as the agent runs: reconnects
 * with backoff after any failure, pings to notice a connection a middlebox dropped silently, and
 * authenticates with the agent key in a header (never in the URL, which proxies log).
 */
export class AgentConnection {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private readonly options: { url: string; agentKey: string; log: Logger; events: ConnectionEvents; pingIntervalMs?: number };

  constructor(options: { url: string; agentKey: string; log: Logger; events: ConnectionEvents; pingIntervalMs?: number }) {
    this.options = options;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Sends on the current connection; false when there is none (the caller's data is resent later). */
  send(message: object): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Drops the connection now and reconnects after the usual backoff (SIGHUP does this). */
  drop(): void {
    this.socket?.terminate();
  }

  /** Waits until `send` can deliver. */
  async whenOpen(timeoutMs = 30_000): Promise<void> {
    const started = Date.now();
    while (!this.isOpen) {
      if (Date.now() - started > timeoutMs) throw new Error("not connected");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      socket.once("close", () => resolve());
      socket.close(1000, "agent stopping");
      setTimeout(() => {
        socket.terminate();
        resolve();
      }, 2_000).unref();
    });
  }

  private connect(): void {
    const { url, agentKey, log, events } = this.options;
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${agentKey}` }, maxPayload: MAX_MESSAGE_BYTES, handshakeTimeout: 15_000 });
    this.socket = socket;
    let alive = true;
    socket.on("open", () => {
      this.attempt = 0;
      log("info", "connected to Sesame", { url });
      this.pingTimer = setInterval(() => {
        // A ping unanswered since the last one: the connection is gone even if TCP says not.
        if (!alive) return socket.terminate();
        alive = false;
        socket.send(PING);
      }, this.options.pingIntervalMs ?? PING_INTERVAL_MS);
      events.open((message) => this.send(message));
    });
    socket.on("message", (data, isBinary) => {
      alive = true;
      if (isBinary) return;
      const text = data.toString();
      if (text !== PONG) events.message(text);
    });
    socket.on("unexpected-response", (_request, response) => {
      // 401: the key is wrong or revoked. Keep trying, slowly: an admin may fix it.
      log("error", "Sesame refused the agent's connection", { status: response.statusCode });
      this.attempt = Math.max(this.attempt, 16);
      socket.terminate();
    });
    socket.on("error", (error) => log("warn", "connection error", { error: error.name, detail: error.message }));
    socket.on("close", (code, reason) => {
      if (this.pingTimer) clearInterval(this.pingTimer);
      if (this.socket === socket) this.socket = null;
      if (this.stopped) return;
      if (code === CloseCodes.revoked || code === CloseCodes.keyMismatch) {
        // Reconnecting cannot help until an admin acts (a new key): say so loudly, retry slowly.
        log("error", code === CloseCodes.revoked ? "the agent key was revoked" : "Sesame knows this agent key with other keys: issue a new key for this server", { code });
        this.attempt = Math.max(this.attempt, 16);
      }
      const delay = Math.min(RECONNECT_CAP_MS, reconnectDelay(this.attempt++));
      log("warn", "disconnected from Sesame; reconnecting", { code, reason: reason.toString().slice(0, 120), inMs: delay });
      this.retryTimer = setTimeout(() => this.connect(), delay);
    });
  }
}
