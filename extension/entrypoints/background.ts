import { browser } from "wxt/browser";
import { defineBackground } from "wxt/utils/define-background";
import { createBackground } from "../lib/background-main";
import type { SocketLike } from "../lib/connection";
import { indexedDbKeys } from "../lib/device-key";

/** Wires the background (lib/background-main.ts) to the browser's events. */
export default defineBackground(() => {
  const background = createBackground({ keyStore: indexedDbKeys(), openSocket: (url) => new WebSocket(url) as unknown as SocketLike });
  // Listeners first, synchronously: an MV3 service worker woken by an event must have them set.
  browser.alarms.onAlarm.addListener((alarm) => void background.onAlarm(alarm.name));
  browser.notifications.onClicked.addListener((id) => void background.onNotificationClicked(id));
  browser.runtime.onMessage.addListener(background.messageListener);
  void background.startAll();
});
