import { describe, expect, it } from "vitest";
// @ts-expect-error: the simulator is plain JavaScript with JSDoc types
import { Timeline } from "../../scripts/fraud/timeline.mjs";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("the fraud simulator's timeline", () => {
  it("runs a journey's events in order, never before every event a window earlier is done, and at most N at once", async () => {
    const timeline = new Timeline(20_000, 3);
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const finished = new Map<string, number>();
    let clock = 0;
    const event = (name: string, at: number, journey: string, ms: number) =>
      timeline.add(at, journey, async () => {
        running++;
        most = Math.max(most, running);
        log.push(`start ${name}`);
        for (let i = 0; i < ms; i++) await tick();
        finished.set(name, ++clock);
        log.push(`end ${name}`);
        running--;
      });
    event("a1", 0, "a", 5);
    event("a2", 1_000, "a", 1);
    event("b1", 2_000, "b", 1);
    event("c1", 3_000, "c", 1);
    event("d1", 4_000, "d", 1);
    event("late", 30_000, "e", 1);
    await timeline.run(() => {});
    // A journey's second event waits for its first, even inside the window.
    expect(log.indexOf("start a2")).toBeGreaterThan(log.indexOf("end a1"));
    // Events within 20 s of the oldest unfinished one overlap; one 30 s on waits for a1 (at 0).
    expect(log.indexOf("start b1")).toBeLessThan(log.indexOf("end a1"));
    expect(log.indexOf("start late")).toBeGreaterThan(log.indexOf("end a1"));
    expect(most).toBeLessThanOrEqual(3);
    expect(finished.size).toBe(6);
  });

  it("slots events added while running in by time", async () => {
    const timeline = new Timeline(20_000, 8);
    const order: string[] = [];
    timeline.add(0, "a", async () => {
      order.push("send");
      timeline.add(60_000, "a", async () => void order.push("verify"));
    });
    timeline.add(100_000, "b", async () => void order.push("other"));
    await timeline.run(() => {});
    expect(order).toEqual(["send", "verify", "other"]);
  });
});
