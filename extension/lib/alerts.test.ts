import { beforeEach, describe, expect, it } from "vitest";
import { fakeBrowser } from "wxt/testing/fake-browser";
import type { Alert } from "#contract/extension";
import { approvalsItem, forgetAccount, preferencesItem, saveAccount, accountsItem, timelineItem, unreadItem, type Account } from "./accounts";
import { clearUnread, receiveAlert, receiveApproval } from "./alerts";

const account: Account = { id: "demo/usr_aaaaaaaaaa", server: "http://127.0.0.1:8787", tenant: "demo", tenantName: "Contoso", userId: "usr_aaaaaaaaaa", userName: "alice@contoso.example", deviceId: "ext_bbbbbbbbbb", pairedAt: "2026-01-01T00:00:00.000Z" };
const alert = (seq: number, kind: Alert["kind"] = "reset_completed"): Alert => ({ seq, id: `alr_cccccccccc${seq}`, kind, at: "2026-01-01T00:00:00.000Z", ip: "203.0.113.7", country: "FR", device: { browser: "Firefox", os: "macOS" }, methods: ["mobilePhone"], via: null, reported: false });

describe("alerts in the browser", () => {
  beforeEach(() => fakeBrowser.reset());

  it("land in the timeline, raise the badge, and show a notification", async () => {
    await receiveAlert(account, alert(1), "socket");
    await receiveAlert(account, alert(2, "signin"), "poll");
    const timeline = await timelineItem.getValue();
    expect(timeline.map((e) => [e.seq, e.arrivedBy])).toEqual([[2, "poll"], [1, "socket"]]);
    expect(await unreadItem.getValue()).toBe(2);
    expect(await fakeBrowser.action.getBadgeText({})).toBe("2");
    const notifications = fakeBrowser.notifications.getAllCreateOptions();
    expect(Object.keys(notifications)).toEqual([`alert:${account.id}:${alert(1).id}`, `alert:${account.id}:${alert(2).id}`]);
    expect(notifications[`alert:${account.id}:${alert(1).id}`]).toMatchObject({ title: "Contoso: Your password was reset", message: expect.stringContaining("Firefox on macOS, from 203.0.113.7 (FR)") });
    await clearUnread();
    expect(await fakeBrowser.action.getBadgeText({})).toBe("");
  });

  it("never twice, and not as a notification when the user muted it", async () => {
    await preferencesItem.setValue({ notify: true, muted: ["reset_started"] });
    await receiveAlert(account, alert(1, "reset_started"), "socket");
    await receiveAlert(account, alert(1, "reset_started"), "poll");
    expect(await timelineItem.getValue()).toHaveLength(1);
    expect(fakeBrowser.notifications.getAllCreateOptions()).toEqual({});
  });

  it("keep one approval per account, shown until answered", async () => {
    const approval = { id: "apr_1111111111", flowType: "reset" as const, at: "2026-01-01T00:00:00.000Z", expiresAt: new Date(Date.now() + 60_000).toISOString(), ip: null, country: null, device: null };
    await receiveApproval(account, approval);
    await receiveApproval(account, { ...approval, id: "apr_2222222222" });
    expect((await approvalsItem.getValue()).map((a) => a.id)).toEqual(["apr_2222222222"]);
    expect(fakeBrowser.notifications.getAllCreateOptions()[`approval:${account.id}:apr_2222222222`]).toMatchObject({ requireInteraction: true, title: "Contoso: approve a password reset?" });
  });

  it("go with the account when it is forgotten", async () => {
    await saveAccount(account);
    await receiveAlert(account, alert(1), "socket");
    await forgetAccount(account.id);
    expect(await accountsItem.getValue()).toEqual([]);
    expect(await timelineItem.getValue()).toEqual([]);
  });
});
