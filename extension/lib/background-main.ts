import { browser } from "wxt/browser";
import { extensionUrl } from "./send";
import { accountsItem, approvalsItem, cursorItem, forgetAccount, type Account } from "./accounts";
import { clearUnread, receiveAlert, receiveApproval } from "./alerts";
import { deviceClient, SesameError } from "./api";
import { InboxConnection, type SocketLike } from "./connection";
import type { KeyStore } from "./device-key";
import { BackgroundRequest, type BackgroundAnswer } from "./messages";

export interface BackgroundDeps {
  keyStore: KeyStore;
  openSocket: (url: string) => SocketLike;
  fetcher?: typeof fetch;
}

export const pollAlarm = (accountId: string) => `poll:${accountId}`;

/**
 * The background's whole job, apart from the entrypoint that wires it to the browser: one inbox
 * connection per paired account, alerts into notifications, badge and timeline, and the pages'
 * requests ("this wasn't me", an approval's answer, sign out).
 */
export function createBackground(deps: BackgroundDeps) {
  const connections = new Map<string, InboxConnection>();
  const client = (account: Account) => deviceClient(account, deps.keyStore, deps.fetcher);

  async function connect(account: Account): Promise<void> {
    await connections.get(account.id)?.stop();
    const api = client(account);
    const connection = new InboxConnection({
      socketUrl: () => api.socketUrl(),
      poll: (after) => api.alerts(after),
      openSocket: deps.openSocket,
      cursor: { get: () => cursorItem(account.id).getValue(), set: (seq) => cursorItem(account.id).setValue(seq) },
      onAlert: (alert, arrivedBy) => receiveAlert(account, alert, arrivedBy),
      onApproval: (approval) => receiveApproval(account, approval),
      alarmName: pollAlarm(account.id),
    });
    connections.set(account.id, connection);
    await connection.start();
  }

  const accountById = async (id: string) => (await accountsItem.getValue()).find((a) => a.id === id) ?? null;

  async function handle(raw: unknown): Promise<BackgroundAnswer> {
    const parsed = BackgroundRequest.safeParse(raw);
    if (!parsed.success) return { ok: false, code: "VALIDATION_FAILED" };
    const request = parsed.data;
    try {
      if (request.type === "seen") return await clearUnread().then(() => ({ ok: true }));
      if (request.type === "status") return { ok: true, value: Object.fromEntries([...connections].map(([id, c]) => [id, c.open])) };
      const account = await accountById(request.accountId);
      if (!account) return { ok: false, code: "ACCOUNT_NOT_FOUND" };
      switch (request.type) {
        case "paired":
          await connect(account);
          return { ok: true };
        case "report":
          return { ok: true, value: await client(account).report(request.alertId) };
        case "decide": {
          const decision = request.decision === "approve" ? { decision: "approve" as const, number: request.number ?? "" } : { decision: "deny" as const };
          const answer = await client(account).decide(request.approvalId, decision);
          await approvalsItem.setValue((await approvalsItem.getValue()).filter((a) => a.id !== request.approvalId));
          await browser.notifications.clear(`approval:${account.id}:${request.approvalId}`);
          return { ok: true, value: answer };
        }
        case "forget":
          // Sign out: the key stops being a method of the account, then it is deleted here.
          await client(account).forget().catch(() => undefined);
          await connections.get(account.id)?.stop();
          connections.delete(account.id);
          await deps.keyStore.delete(account.id);
          await forgetAccount(account.id);
          return { ok: true };
      }
    } catch (error) {
      return { ok: false, code: error instanceof SesameError ? error.code : "NETWORK_ERROR" };
    }
  }

  return {
    connections,
    connect,
    handle,
    /** For `runtime.onMessage`: answers through `reply`, so it returns true (the answer is async). */
    messageListener(message: unknown, _sender: unknown, reply: (answer: BackgroundAnswer) => void): true {
      void handle(message).then(reply);
      return true;
    },
    async startAll(): Promise<void> {
      for (const account of await accountsItem.getValue()) await connect(account).catch(() => undefined);
    },
    async onAlarm(name: string): Promise<void> {
      const id = name.startsWith("poll:") ? name.slice(5) : null;
      if (!id) return;
      // A service worker woken by the alarm has no connections yet: make this one, then poll.
      if (!connections.has(id)) {
        const account = await accountById(id);
        if (!account) return;
        await connect(account);
      }
      await connections.get(id)?.onAlarm();
    },
    /** A click on an approval opens its view; any other opens the timeline. */
    async onNotificationClicked(id: string): Promise<void> {
      const [kind, accountId, itemId] = id.split(":");
      const hash = kind === "approval" ? `#approve/${encodeURIComponent(accountId ?? "")}/${itemId}` : "";
      await browser.windows.create({ url: extensionUrl(`/popup.html${hash}`), type: "popup", width: 400, height: 600 });
    },
  };
}
