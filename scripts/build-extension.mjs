#!/usr/bin/env node
// `npm run build:extension`: the companion extension (extension/, WXT) for both browsers, from
// one source, unpacked and zipped for the stores:
//   dist/extension/chrome-mv3/            load unpacked in Chrome (chrome://extensions, developer mode)
//   dist/extension/firefox-mv3/           load as a temporary add-on in Firefox (about:debugging)
//   dist/extension/sesame-extension-chrome.zip, sesame-extension-firefox.zip   the packages
import { zip } from "wxt";

const started = Date.now();
const built = [];
for (const browser of ["chrome", "firefox"]) {
  // Firefox runs MV3 since 109; one manifest version keeps one code path (browser.action, alarms).
  const files = await zip({ root: "extension", browser, manifestVersion: 3, logger: quiet(), zip: { zipSources: false } });
  built.push(...files);
}
console.log(`built the extension in ${Date.now() - started} ms: ${built.map((f) => f.replace(`${process.cwd()}/`, "")).join(", ")}`);

function quiet() {
  const noop = () => undefined;
  return { debug: noop, log: noop, info: noop, success: noop, warn: console.warn, error: console.error, fatal: console.error, level: 0 };
}
