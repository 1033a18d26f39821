import { onCLS, onINP, type CLSMetricWithAttribution, type INPMetricWithAttribution } from "web-vitals/attribution";
import type { VitalsReport } from "#contract/embed/vitals";

/**
 * Real-user performance of the widget, for the tenant's reports: its load time (script start to
 * first step interactive), and the page's INP and CLS with whether the worst interaction or
 * shift was the widget's own. Loaded lazily and only for sampled page views. Nothing personal
 * is sent: no URL, no selector, no user agent, only numbers and the flow's name.
 */
let started = false;

export function startVitals(options: { apiOrigin: string; tenant: string; flow: VitalsReport["flow"]; loadMs: number; isWidget: (node: Node) => boolean }): void {
  if (started) return;
  started = true;
  const metrics = new Map<string, VitalsReport["metrics"][number]>([["LOAD", { name: "LOAD", value: Math.round(options.loadMs) }]]);
  let dirty = true;
  // Targets are reduced to "the widget or not" before anything leaves the page.
  const generateTarget = (node: Node | null) => (node && options.isWidget(node) ? "widget" : "page");
  const record = (metric: INPMetricWithAttribution | CLSMetricWithAttribution) => {
    const target = metric.name === "INP" ? metric.attribution.interactionTarget : metric.attribution.largestShiftTarget;
    const value = metric.name === "CLS" ? Math.round(metric.value * 10_000) / 10_000 : Math.round(metric.value);
    metrics.set(metric.name, { name: metric.name, value, rating: metric.rating, widget: target === "widget" });
    dirty = true;
  };
  onINP(record, { generateTarget });
  onCLS(record, { generateTarget });

  const flush = () => {
    if (!dirty) return;
    dirty = false;
    const report: VitalsReport = { flow: options.flow, metrics: [...metrics.values()] };
    // text/plain keeps it a simple request (no preflight), which a keepalive fetch needs.
    void fetch(`${options.apiOrigin}/v1/vitals?tenant=${encodeURIComponent(options.tenant)}`, {
      method: "POST",
      body: JSON.stringify(report),
      keepalive: true,
      credentials: "omit",
      mode: "cors",
    }).catch(() => {});
  };
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && flush());
  addEventListener("pagehide", flush);
}
