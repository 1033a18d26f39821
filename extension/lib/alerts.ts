import { browser } from "wxt/browser";
import { extensionUrl } from "./send";
import type { Alert, AlertKind, ApprovalRequest } from "#contract/extension";
import { approvalsItem, preferencesItem, TIMELINE_MAX, timelineItem, unreadItem, type Account } from "./accounts";

/** What each alert says, in the notification and the timeline. */
export const alertTitles: Record<AlertKind, string> = {
  reset_started: "A password reset was started",
  reset_completed: "Your password was reset",
  account_unlocked: "Your account was unlocked",
  reset_blocked: "A password reset was blocked",
  signin_blocked: "A sign-in was blocked",
  signin: "New sign-in",
  method_added: "A sign-in method was added",
  method_removed: "A sign-in method was removed",
  method_changed: "A sign-in method was changed",
  fraud_reported: "You reported this wasn't you",
};

export const flowTitles: Record<ApprovalRequest["flowType"], string> = { reset: "password reset", unlock: "account unlock", signin: "sign-in" };

/** "from 203.0.113.7 (FR)": as precise as Sesame knows, which is the IP and its country. */
export function whereFrom(item: { ip: string | null; country: string | null }): string {
  if (!item.ip && !item.country) return "from an unknown place";
  return `from ${[item.ip, item.country && `(${item.country})`].filter(Boolean).join(" ")}`;
}

export async function setBadge(count: number): Promise<void> {
  await browser.action.setBadgeText({ text: count > 0 ? String(Math.min(count, 99)) : "" });
  await browser.action.setBadgeBackgroundColor({ color: "#b3261e" });
}

/**
 * A new alert: into the timeline (newest first, capped), the badge up by one, and a browser
 * notification unless the user turned them off or muted the kind.
 */
export async function receiveAlert(account: Account, alert: Alert, arrivedBy: "socket" | "poll", now = Date.now()): Promise<void> {
  const timeline = await timelineItem.getValue();
  if (timeline.some((entry) => entry.accountId === account.id && entry.id === alert.id)) return;
  await timelineItem.setValue([{ ...alert, accountId: account.id, receivedAt: now, arrivedBy }, ...timeline].slice(0, TIMELINE_MAX));
  const unread = (await unreadItem.getValue()) + 1;
  await unreadItem.setValue(unread);
  await setBadge(unread);
  const prefs = await preferencesItem.getValue();
  if (!prefs.notify || prefs.muted.includes(alert.kind)) return;
  await browser.notifications.create(`alert:${account.id}:${alert.id}`, {
    type: "basic",
    iconUrl: extensionUrl("/icon-128.png"),
    title: `${account.tenantName}: ${alertTitles[alert.kind]}`,
    message: `${account.userName}, ${whereFrom(alert)}. Not you? Open Sesame and choose "This wasn't me".`,
    priority: 2,
  });
}

/** A flow waits for the user's approval: kept until answered or expired, and shown at once. */
export async function receiveApproval(account: Account, approval: ApprovalRequest, now = Date.now()): Promise<void> {
  const live = (await approvalsItem.getValue()).filter((a) => Date.parse(a.expiresAt) > now && a.id !== approval.id);
  // One pending per account: a newer request replaces the older one, as the inbox does.
  const others = live.filter((a) => a.accountId !== account.id);
  await approvalsItem.setValue([...others, { ...approval, accountId: account.id }]);
  await browser.notifications.create(`approval:${account.id}:${approval.id}`, {
    type: "basic",
    iconUrl: extensionUrl("/icon-128.png"),
    title: `${account.tenantName}: approve a ${flowTitles[approval.flowType]}?`,
    message: `${account.userName}, ${whereFrom(approval)}. Open to answer with the number the page shows.`,
    priority: 2,
    requireInteraction: true,
  });
}

export async function clearUnread(): Promise<void> {
  await unreadItem.setValue(0);
  await setBadge(0);
}
