import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { Alert } from "#contract/extension";
import { InboxConnection, reconnectDelay, type SocketLike } from "./connection";

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: SocketLike["onopen"] = null;
  onmessage: SocketLike["onmessage"] = null;
  onclose: SocketLike["onclose"] = null;
  onerror: SocketLike["onerror"] = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.drop();
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
}

const alert = (seq: number): Alert => ({ seq, id: `alr_${"a".repeat(10)}${seq}`, kind: "reset_started", at: new Date().toISOString(), ip: "203.0.113.7", country: "FR", device: null, methods: [], via: null, reported: false });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(pollAnswer: Alert[] = []) {
  const sockets: FakeSocket[] = [];
  let cursor = 0;
  const received: { seq: number; by: string }[] = [];
  const connection = new InboxConnection({
    socketUrl: async () => `ws://sesame.test/v1/extension/connect?n=${sockets.length}`,
    poll: vi.fn(async (after: number) => ({ alerts: pollAnswer.filter((a) => a.seq > after), approvals: [], blocked: false })),
    openSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    cursor: { get: async () => cursor, set: async (seq) => void (cursor = seq) },
    onAlert: async (a, by) => void received.push({ seq: a.seq, by }),
    onApproval: async () => undefined,
    alarmName: "poll:t/u",
  });
  return { connection, sockets, received, cursor: () => cursor };
}

describe("the inbox connection", () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => vi.useRealTimers());

  it("says where it is up to, takes alerts in order, and drops any it has already seen", async () => {
    const { connection, sockets, received, cursor } = setup();
    await connection.start();
    sockets[0]!.open();
    await settle();
    expect(JSON.parse(sockets[0]!.sent[0]!)).toEqual({ type: "hello", after: 0 });
    sockets[0]!.receive({ type: "alert", alert: alert(1) });
    sockets[0]!.receive({ type: "alert", alert: alert(2) });
    sockets[0]!.receive({ type: "alert", alert: alert(2) });
    sockets[0]!.receive({ type: "alert", alert: alert(1) });
    await vi.waitFor(() => expect(cursor()).toBe(2));
    await settle();
    expect(received).toEqual([{ seq: 1, by: "socket" }, { seq: 2, by: "socket" }]);
  });

  it("falls back to polling by alarm when the socket drops, then reconnects with a growing wait", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
    const { connection, sockets, received } = setup([alert(1), alert(2), alert(3)]);
    await connection.start();
    sockets[0]!.open();
    sockets[0]!.receive({ type: "alert", alert: alert(1) });
    await vi.waitFor(() => expect(received).toHaveLength(1));

    sockets[0]!.drop();
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get("poll:t/u")).toMatchObject({ periodInMinutes: 0.5 }));
    // While down, the alarm polls from the cursor: 2 and 3 arrive once, by polling.
    await connection.onAlarm();
    expect(received.map((r) => `${r.seq}:${r.by}`)).toEqual(["1:socket", "2:poll", "3:poll"]);

    // The first retry comes after reconnectDelay(0); the new socket says hello from seq 3.
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(reconnectDelay(0));
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    await vi.waitFor(() => expect(sockets[1]!.sent[0]).toBe(JSON.stringify({ type: "hello", after: 3 })));
    // Open again: the polling alarm is cleared.
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get("poll:t/u")).toBeUndefined());

    // A second drop without an open in between waits longer.
    sockets[1]!.drop();
    await vi.advanceTimersByTimeAsync(reconnectDelay(0));
    sockets[2]!.drop();
    await vi.advanceTimersByTimeAsync(reconnectDelay(1) - 1);
    expect(sockets).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(4);
    await connection.stop();
  });

  it("keeps the socket alive with pings, and backs off up to a minute", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const { connection, sockets } = setup();
    await connection.start();
    sockets[0]!.open();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sockets[0]!.sent).toContain("ping");
    expect([0, 1, 2, 10].map(reconnectDelay)).toEqual([1_000, 2_000, 4_000, 60_000]);
    await connection.stop();
  });
});
