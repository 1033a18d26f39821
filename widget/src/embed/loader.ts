import type { AppModule } from "./mount-contract";
import { boot, createSesame } from "./sesame-api";
import { readScriptUrl } from "./script-url";

/**
 * `/v1/sesame.js`: the one script a partner page loads, built as a classic script (IIFE; no
 * import/export, no eval, nothing inline). It defines the one global, `sesame`, reserves each
 * widget's box at once, and imports the app module that renders the first step; it holds no UI
 * itself so it stays a few KB. The app's URL is resolved against this script's own URL, so the
 * widget and its API always come from the origin the partner wrote in the script tag.
 */
declare const __SESAME_APP__: string;

const scriptStart = performance.now();
const win = window as Window & { sesame?: unknown };
const script = readScriptUrl(document.currentScript as HTMLScriptElement | null, document);

if (win.sesame) {
  console.warn("[sesame] sesame.js was loaded twice; keeping the first copy");
} else {
  const appUrl = new URL(__SESAME_APP__, script.url).href;
  const api = createSesame({ doc: document, script, scriptStart, loadApp: () => import(/* @vite-ignore */ appUrl) as Promise<AppModule> });
  win.sesame = Object.freeze(api);
  boot(api, document, script, win);
}
