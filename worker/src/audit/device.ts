import UAParser from "ua-parser-js";
import type { Device } from "#contract/device";

const browsers: Record<string, Device["browser"]> = {
  Chrome: "Chrome",
  "Chrome Headless": "Chrome",
  "Chrome WebView": "Chrome",
  Chromium: "Chrome",
  Edge: "Edge",
  Firefox: "Firefox",
  "Mobile Firefox": "Firefox",
  Safari: "Safari",
  "Mobile Safari": "Safari",
  Opera: "Opera",
  "Opera Touch": "Opera",
  "Samsung Internet": "Samsung Internet",
};
const systems: Record<string, Device["os"]> = {
  Windows: "Windows",
  "Mac OS": "macOS",
  macOS: "macOS",
  iOS: "iOS",
  Android: "Android",
  Linux: "Linux",
  Ubuntu: "Linux",
  Debian: "Linux",
  Fedora: "Linux",
  "Chromium OS": "ChromeOS",
};

/**
 * The request's device in the closed vocabulary of contract/device.ts, from its User-Agent
 * (ua-parser-js does the parsing); null when there is no User-Agent or nothing in it is known.
 *
 * @example
 * deviceOf("Mozilla/5.0 (Windows NT 10.0; Win64; x64) … Chrome/131.0.0.0 Safari/537.36") // { browser: "Chrome", os: "Windows" }
 */
export function deviceOf(userAgent: string | null | undefined): Device | null {
  if (!userAgent) return null;
  // Long enough for any real browser's; a longer header is not worth parsing.
  const { browser, os } = new UAParser(userAgent.slice(0, 512)).getResult();
  const device: Device = { browser: browsers[browser.name ?? ""] ?? "Other", os: systems[os.name ?? ""] ?? "Other" };
  return device.browser === "Other" && device.os === "Other" ? null : device;
}
