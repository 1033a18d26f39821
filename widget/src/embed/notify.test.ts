import { afterEach, describe, expect, it, vi } from "vitest";
import { notifyHost, resolveCallback } from "./notify";

afterEach(() => vi.restoreAllMocks());

describe("notifyHost", () => {
  it("calls a global callback by (dotted) name and dispatches a bubbling event", () => {
    const received: unknown[] = [];
    (window as any).partner = { auth: { done: (result: unknown) => received.push(result) } };
    const element = document.createElement("div");
    document.body.append(element);
    const events: unknown[] = [];
    document.addEventListener("sesame:success", (event) => events.push((event as CustomEvent).detail), { once: true });
    notifyHost(element, "success", "partner.auth.done", [{ token: "t" }], { widgetId: "sesame-1", token: "t" });
    expect(received).toEqual([{ token: "t" }]);
    expect(events).toEqual([{ widgetId: "sesame-1", token: "t" }]);
    delete (window as any).partner;
    element.remove();
  });

  it("still dispatches the event when the partner's callback throws or does not exist", () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const element = document.createElement("div");
    let events = 0;
    element.addEventListener("sesame:error", () => events++);
    notifyHost(element, "error", () => {
      throw new Error("partner bug");
    }, ["INTERNAL"], {});
    notifyHost(element, "error", "noSuchFunction", ["INTERNAL"], {});
    expect(events).toBe(2);
    expect(logged).toHaveBeenCalledTimes(2);
    expect(resolveCallback(42, window)).toBeUndefined();
  });
});
