import { browser } from "wxt/browser";
import type { Alert, ApprovalRequest, InboxMessage } from "#contract/extension";

/** The part of WebSocket the connection uses; tests hand in a fake. */
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface ConnectionDeps {
  socketUrl(): Promise<string>;
  poll(after: number): Promise<{ alerts: Alert[]; approvals: ApprovalRequest[]; blocked: boolean }>;
  openSocket(url: string): SocketLike;
  cursor: { get(): Promise<number>; set(seq: number): Promise<void> };
  onAlert(alert: Alert, arrivedBy: "socket" | "poll"): Promise<void>;
  onApproval(approval: ApprovalRequest): Promise<void>;
  onBlocked?(blocked: boolean): Promise<void>;
  /** The alarm that polls while the socket is down (one per account). */
  alarmName: string;
}

/** Reconnect waits: 1 s, doubling, at most a minute; the polling alarm covers the gaps. */
export const RECONNECT_BASE_MS = 1_000;
export const RECONNECT_CAP_MS = 60_000;
/** chrome.alarms' shortest period (30 s): the fallback poll while the socket is down. */
export const POLL_PERIOD_MINUTES = 0.5;
/** A ping this often keeps the socket (and an MV3 service worker) alive; the inbox answers without waking. */
export const KEEPALIVE_MS = 20_000;

export const reconnectDelay = (attempt: number) => Math.min(RECONNECT_BASE_MS * 2 ** attempt, RECONNECT_CAP_MS);

/**
 * One account's live line to its inbox. It says where it is up to (`hello` with the last seq
 * seen), so a reconnect brings what was missed; alerts at or below the cursor are dropped, so none
 * arrives twice, whether by the socket or by the polling fallback that runs while it is down.
 */
export class InboxConnection {
  private socket: SocketLike | null = null;
  private attempts = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private keepalive: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  /** Alerts are handled one at a time, in order: the cursor only ever moves forward. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ConnectionDeps) {}

  get open(): boolean {
    return this.socket?.readyState === 1;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.keepalive) clearInterval(this.keepalive);
    this.socket?.close(1000);
    this.socket = null;
    await browser.alarms.clear(this.deps.alarmName);
  }

  /** The fallback: what the inbox has after the cursor. Also run once after each (re)connect fails. */
  async poll(): Promise<void> {
    const after = await this.deps.cursor.get();
    const answer = await this.deps.poll(after);
    for (const alert of answer.alerts) await this.enqueue(() => this.take(alert, "poll"));
    for (const approval of answer.approvals) await this.deps.onApproval(approval);
    await this.deps.onBlocked?.(answer.blocked);
  }

  /** Called by the alarm: poll, and try the socket again if it is still down. */
  async onAlarm(): Promise<void> {
    if (this.stopped) return;
    await this.poll().catch(() => undefined);
    if (!this.open && !this.retry) await this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let socket: SocketLike;
    try {
      socket = this.deps.openSocket(await this.deps.socketUrl());
    } catch {
      return this.down();
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      void this.deps.cursor.get().then((after) => socket.send(JSON.stringify({ type: "hello", after })));
      if (this.keepalive) clearInterval(this.keepalive);
      this.keepalive = setInterval(() => socket.readyState === 1 && socket.send("ping"), KEEPALIVE_MS);
      void browser.alarms.clear(this.deps.alarmName);
    };
    socket.onmessage = (event) => void this.enqueue(() => this.message(event.data));
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (this.socket === socket) this.socket = null;
      void this.down();
    };
  }

  /** The socket is down: poll every 30 s by alarm, and try again after a growing wait. */
  private async down(): Promise<void> {
    if (this.keepalive) clearInterval(this.keepalive);
    this.keepalive = null;
    if (this.stopped) return;
    await browser.alarms.create(this.deps.alarmName, { periodInMinutes: POLL_PERIOD_MINUTES, delayInMinutes: POLL_PERIOD_MINUTES });
    const wait = reconnectDelay(this.attempts++);
    if (this.retry) clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, wait);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async message(data: unknown): Promise<void> {
    if (typeof data !== "string" || data === "pong") return;
    let message: InboxMessage;
    try {
      message = JSON.parse(data) as InboxMessage;
    } catch {
      return;
    }
    if (message.type === "alert") await this.take(message.alert, "socket");
    else if (message.type === "approval") await this.deps.onApproval(message.approval);
    else if (message.type === "synced") await this.deps.onBlocked?.(message.blocked);
  }

  private async take(alert: Alert, arrivedBy: "socket" | "poll"): Promise<void> {
    if (alert.seq <= (await this.deps.cursor.get())) return;
    await this.deps.onAlert(alert, arrivedBy);
    await this.deps.cursor.set(alert.seq);
  }
}
