import { browser } from "wxt/browser";
import { extensionUrl } from "./send";
import type { Device } from "#contract/device";
import type { Alert, AlertKind, ApprovalRequest } from "#contract/extension";
import { approvalsItem, preferencesItem, TIMELINE_MAX, timelineItem, unreadItem, type Account } from "./accounts";
import { t } from "./i18n/i18n";

/** What each alert says, in the notification, the timeline and the options page. */
export const alertTitle = (kind: AlertKind): string => t(`alert.${kind}`);

export const flowTitle = (flow: ApprovalRequest["flowType"]): string => t(`flow.${flow}`);

/** "Chrome on Windows": browser and system names are the same in every language. */
export function deviceName(device: Device): string {
  const browser = device.browser === "Other" ? t("device.aBrowser") : device.browser;
  return device.os === "Other" ? browser : t("device.on", { browser, os: device.os });
}

/**
 * "Chrome on Windows, from 203.0.113.7 (FR)": as precise as Sesame knows, which is the device,
 * the IP and its country.
 */
export function whereFrom(item: { ip: string | null; country: string | null; device: Device | null }): string {
  const place = !item.ip && !item.country ? t("where.unknown") : t("where.from", { place: [item.ip, item.country && `(${item.country})`].filter(Boolean).join(" ") });
  return item.device ? `${deviceName(item.device)}, ${place}` : place;
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
    title: `${account.tenantName}: ${alertTitle(alert.kind)}`,
    message: t("notify.alert", { user: account.userName, where: whereFrom(alert) }),
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
    title: t("notify.approvalTitle", { tenant: account.tenantName, flow: flowTitle(approval.flowType) }),
    message: t("notify.approval", { user: account.userName, where: whereFrom(approval) }),
    priority: 2,
    requireInteraction: true,
  });
}

export async function clearUnread(): Promise<void> {
  await unreadItem.setValue(0);
  await setBadge(0);
}
