/**
 * The device a request came from, as coarse as a user needs to recognise it ("Chrome on
 * Windows") and no finer: a closed vocabulary, so no part of a User-Agent string (which anyone can
 * write anything into) reaches the audit log, an alert or a webhook. Shared by the worker (which
 * classifies), the audit log and the extension (which shows it).
 */
export const BROWSERS = ["Chrome", "Edge", "Firefox", "Safari", "Opera", "Samsung Internet", "Other"] as const;
export const OPERATING_SYSTEMS = ["Windows", "macOS", "iOS", "Android", "Linux", "ChromeOS", "Other"] as const;

export interface Device {
  browser: (typeof BROWSERS)[number];
  os: (typeof OPERATING_SYSTEMS)[number];
}
