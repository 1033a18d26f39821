import { storage } from "wxt/utils/storage";
import type { Alert, ApprovalRequest } from "#contract/extension";

/**
 * What the extension remembers, in `browser.storage.local` (never a password, never a token):
 * the paired accounts, each one's alert cursor and timeline, approvals waiting, and the user's
 * notification preferences. The device keys themselves live in IndexedDB (lib/device-key.ts),
 * because a non-exportable CryptoKey cannot be written to extension storage.
 */
export interface Account {
  /** `<tenant>/<userId>`: one account per user per Sesame server. */
  id: string;
  server: string;
  tenant: string;
  tenantName: string;
  userId: string;
  userName: string;
  deviceId: string;
  pairedAt: string;
}

export interface Preferences {
  /** Show a browser notification for each alert (the badge and timeline always update). */
  notify: boolean;
  /** Alert kinds the user chose not to be notified of. */
  muted: Alert["kind"][];
}

export interface TimelineEntry extends Alert {
  accountId: string;
  /** When this browser received it (ms). */
  receivedAt: number;
  /** How it arrived: the live socket or the polling fallback. */
  via: Alert["via"];
  arrivedBy: "socket" | "poll";
}

export const TIMELINE_MAX = 200;

export const accountsItem = storage.defineItem<Account[]>("local:accounts", { fallback: [] });
export const preferencesItem = storage.defineItem<Preferences>("local:preferences", { fallback: { notify: true, muted: [] } });
export const timelineItem = storage.defineItem<TimelineEntry[]>("local:timeline", { fallback: [] });
export const unreadItem = storage.defineItem<number>("local:unread", { fallback: 0 });
export const approvalsItem = storage.defineItem<(ApprovalRequest & { accountId: string })[]>("local:approvals", { fallback: [] });
/** The last alert seq seen, per account: a reconnect resumes after it, so nothing arrives twice. */
export const cursorItem = (accountId: string) => storage.defineItem<number>(`local:cursor:${accountId}`, { fallback: 0 });

export const accountId = (tenant: string, userId: string) => `${tenant}/${userId}`;

export async function saveAccount(account: Account): Promise<void> {
  const accounts = await accountsItem.getValue();
  await accountsItem.setValue([...accounts.filter((a) => a.id !== account.id), account]);
}

/** Forgets an account: its cursor, its timeline entries and approvals go with it. */
export async function forgetAccount(id: string): Promise<void> {
  await accountsItem.setValue((await accountsItem.getValue()).filter((a) => a.id !== id));
  await cursorItem(id).removeValue();
  await timelineItem.setValue((await timelineItem.getValue()).filter((e) => e.accountId !== id));
  await approvalsItem.setValue((await approvalsItem.getValue()).filter((a) => a.accountId !== id));
}
