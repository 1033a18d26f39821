import { describe, expect, it } from "vitest";
import { deviceOf } from "./device";

describe("the device a request came from", () => {
  it("is the browser and system of real User-Agents, in the closed vocabulary", () => {
    const cases: [string, ReturnType<typeof deviceOf>][] = [
      ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", { browser: "Chrome", os: "Windows" }],
      ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", { browser: "Edge", os: "Windows" }],
      ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0", { browser: "Firefox", os: "macOS" }],
      ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", { browser: "Safari", os: "iOS" }],
      ["Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", { browser: "Samsung Internet", os: "Android" }],
      ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36", { browser: "Chrome", os: "Linux" }],
      ["Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", { browser: "Chrome", os: "ChromeOS" }],
      ["curl/8.5.0", null],
      ["", null],
    ];
    for (const [userAgent, device] of cases) expect(deviceOf(userAgent), userAgent).toEqual(device);
    expect(deviceOf(undefined)).toBeNull();
  });

  it("keeps nothing written into the header but the two names", () => {
    const device = deviceOf(`Mozilla/5.0 (Windows NT 10.0) Chrome/131.0 <img src=x onerror=alert(1)> ${"x".repeat(10_000)}`);
    expect(device).toEqual({ browser: "Chrome", os: "Windows" });
  });
});
