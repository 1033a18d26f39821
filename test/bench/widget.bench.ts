// `npm run bench:widget`: the widget's cost to a partner page, measured in Debian's Chromium on
// the demo partner page served by `npm start`: layout shift, main-thread blocking (total
// blocking time from long tasks) and the time from sesame.js arriving to the reset widget's
// first step being interactive, over several cold page loads; plus the built sizes.
// Not a test: it prints figures (and writes test-results/bench-widget.json) for the README.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { launchChromium } from "../support/browser.ts";
import { fakeFlows } from "../support/fake-flows.ts";
import { startSesame } from "../support/start-sesame.ts";

const RUNS = Number(process.env.RUNS ?? 10);

interface Sample {
  scriptLoadedMs: number;
  interactiveMs: number;
  sinceScriptMs: number;
  tbtMs: number;
  cls: number;
}

/** Runs in the page before anything else: records layout shifts, long tasks and the first step. */
function probe() {
  const w = window as unknown as Record<string, unknown>;
  const shifts: number[] = [];
  const longTasks: { start: number; duration: number }[] = [];
  w.__bench = { shifts, longTasks, interactive: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!entry.hadRecentInput) shifts.push(entry.value);
  }).observe({ type: "layout-shift", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: "longtask", buffered: true });
  const check = () => {
    const input = document.querySelector("[data-sesame-widget=sesame-1]")?.shadowRoot?.querySelector("input");
    if (input) (w.__bench as { interactive: number }).interactive = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const max = (values: number[]) => Math.max(...values);

const sesame = await startSesame();
const browser = await launchChromium();
try {
  // The real flows API when this build has it; otherwise the reset flow is scripted in the page.
  const probeCreate = await fetch(`${sesame.api}/v1/flows/reset?tenant=demo`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  const realApi = probeCreate.ok;
  const samples: Sample[] = [];
  for (let run = 0; run < RUNS + 1; run++) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 1400 } });
    const page = await context.newPage();
    if (!realApi) await fakeFlows(page, sesame.api, () => ({}));
    await page.addInitScript(probe);
    // Nothing of Playwright's runs in the page while the widget starts: waiting for the load
    // event and then polling with waitForFunction injects Playwright's own script (≈ 13 ms of
    // main thread in traces) into the very window being measured. The page is left alone and
    // the probe's figures are read once it has settled.
    await page.goto(sesame.demo, { waitUntil: "commit" });
    await page.waitForTimeout(1500);
    await page.waitForFunction(() => (window as unknown as { __bench: { interactive: number } }).__bench.interactive > 0, undefined, { timeout: 15_000 });
    await page.waitForTimeout(500);
    const sample = await page.evaluate(() => {
      const bench = (window as unknown as { __bench: { shifts: number[]; longTasks: { start: number; duration: number }[]; interactive: number } }).__bench;
      const script = performance.getEntriesByType("resource").find((entry) => entry.name.includes("/v1/sesame.js")) as PerformanceResourceTiming;
      const tbt = bench.longTasks.filter((task) => task.start + task.duration >= script.startTime).reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0);
      return {
        scriptLoadedMs: script.responseEnd,
        interactiveMs: bench.interactive,
        sinceScriptMs: bench.interactive - script.responseEnd,
        tbtMs: tbt,
        cls: bench.shifts.reduce((sum, value) => sum + value, 0),
      };
    });
    await context.close();
    // The first load warms the worker and the disk cache of the build; it is not counted.
    if (run > 0) samples.push(sample);
  }

  const build = JSON.parse(readFileSync("dist/widget-build.json", "utf8")) as { loader: string; firstStep: string[]; lazy: string[] };
  const gz = (file: string) => gzipSync(readFileSync(`dist/public/${file}`), { level: 9 }).length;
  const figures = {
    runs: samples.length,
    flowsApi: realApi ? "real worker" : "scripted in the page (the flows API is not in this build yet)",
    sizes: {
      sesameJsGzipBytes: gz(build.loader),
      firstStepGzipBytes: build.firstStep.reduce((sum, file) => sum + gz(file), 0),
      lazyGzipBytes: Object.fromEntries(build.lazy.map((file) => [file.replace(/^v1\/w\/|-[\w-]{8}\.js$/g, ""), gz(file)])),
    },
    cls: { median: median(samples.map((s) => s.cls)), max: max(samples.map((s) => s.cls)) },
    tbtMs: { median: median(samples.map((s) => s.tbtMs)), max: max(samples.map((s) => s.tbtMs)) },
    interactiveAfterScriptMs: { median: median(samples.map((s) => s.sinceScriptMs)), max: max(samples.map((s) => s.sinceScriptMs)) },
    interactiveAfterNavigationMs: { median: median(samples.map((s) => s.interactiveMs)) },
    samples,
  };
  mkdirSync("test-results", { recursive: true });
  writeFileSync("test-results/bench-widget.json", `${JSON.stringify(figures, null, 2)}\n`);
  const round = (n: number) => Math.round(n * 10) / 10;
  console.log(`
Widget on the demo partner page, ${figures.runs} cold loads in headless Chromium (flows API: ${figures.flowsApi})
  sesame.js                         ${(figures.sizes.sesameJsGzipBytes / 1024).toFixed(2)} KB gzip
  first step, all files             ${(figures.sizes.firstStepGzipBytes / 1024).toFixed(2)} KB gzip
  layout shift (CLS)                median ${round(figures.cls.median)}, max ${round(figures.cls.max)}
  main-thread blocking (TBT)        median ${round(figures.tbtMs.median)} ms, max ${round(figures.tbtMs.max)} ms
  interactive after sesame.js       median ${round(figures.interactiveAfterScriptMs.median)} ms, max ${round(figures.interactiveAfterScriptMs.max)} ms
  interactive after navigation      median ${round(figures.interactiveAfterNavigationMs.median)} ms
(written to test-results/bench-widget.json)`);
} finally {
  await browser.close();
  await sesame.stop();
}
