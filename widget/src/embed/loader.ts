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
/** The app's static imports: imported alongside it, so they are fetched in parallel, not after it. */
declare const __SESAME_PRELOAD__: string[];

const scriptStart = performance.now();
const win = window as Window & { sesame?: unknown };
const script = readScriptUrl(document.currentScript as HTMLScriptElement | null, document);

if (win.sesame) {
  console.warn("[sesame] sesame.js was loaded twice; keeping the first copy");
} else {
  const load = (path: string) => import(/* @vite-ignore */ new URL(path, script.url).href) as Promise<unknown>;
  const loadApp = () => Promise.all([load(__SESAME_APP__), ...__SESAME_PRELOAD__.map(load)]).then(([app]) => app as AppModule);
  const api = createSesame({ doc: document, script, scriptStart, loadApp });
  const { render, reset, remove, ready } = api;
  win.sesame = Object.freeze({ render, reset, remove, ready });
  boot(api, document, script, win);
}
