import { describe, expect, it } from "vitest";
import { call, createTenant } from "../../test/api";

const partner = "https://shop.perf.example";

describe("the widget performance report", () => {
  it("gives per metric the count, the 75th percentile's bucket and the ratings of what widgets reported", async () => {
    const { key } = await createTenant("perf-t", { allowedOrigins: [partner] });
    const loads = [80, 150, 250, 400, 450, 700, 900, 2600];
    for (const [i, value] of loads.entries()) {
      const metrics = [{ name: "LOAD", value }, ...(i < 2 ? [{ name: "INP", value: 40 + i * 300, rating: i ? "needs-improvement" : "good" }] : [])];
      const answer = await call("POST", "/v1/vitals?tenant=perf-t", { rawBody: JSON.stringify({ flow: "reset", metrics }), headers: { origin: partner } });
      expect(answer.status).toBe(204);
    }
    let report: { metrics: { name: string; count: number; p75: number | null; good: number; needsImprovement: number; poor: number }[] } | undefined;
    for (let i = 0; i < 100; i++) {
      report = (await call("GET", "/v1/tenants/perf-t/reports/vitals?days=1", { token: key })).json;
      if (report!.metrics.find((m) => m.name === "LOAD")!.count === loads.length) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const byName = Object.fromEntries(report!.metrics.map((m) => [m.name, m]));
    // Six of eight are at most 500 ms, so the 75th percentile falls in the (500, 800] bucket.
    expect(byName.LOAD).toMatchObject({ count: 8, p75: 800 });
    expect(byName.INP).toMatchObject({ count: 2, p75: 500, good: 1, needsImprovement: 1, poor: 0 });
    expect(byName.CLS).toMatchObject({ count: 0, p75: null });
  });
});
