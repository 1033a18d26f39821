import { describe, expect, it } from "vitest";
import { alertKindOf } from "./audit-counters";
import { spikeAt } from "./spike";

describe("spikeAt", () => {
  it("fires once, when the hour's count reaches the rule's share of its minimum over a quiet baseline", () => {
    // reset_spike: at least 20 (5 per shard of 4) and 5 × the mean of the 24 hours before.
    expect(spikeAt("reset_spike", 4, [], 4)).toBeNull();
    expect(spikeAt("reset_spike", 5, [], 4)).toEqual({ count: 5, baseline: 0 });
    expect(spikeAt("reset_spike", 6, [], 4)).toBeNull();
  });

  it("needs factor × the usual rate when the tenant is busy anyway", () => {
    const busy = Array.from({ length: 24 }, () => 10); // 10 an hour per shard
    expect(spikeAt("reset_spike", 20, busy, 4)).toBeNull();
    expect(spikeAt("reset_spike", 50, busy, 4)).toEqual({ count: 50, baseline: 10 });
  });
});

describe("alertKindOf", () => {
  it("counts reset flows that got an identifier, and wrong codes, answers and passwords", () => {
    expect(alertKindOf({ activity: "Self-service password reset flow activity progress", result: "success", reason: null, step: "identified" })).toBe("reset_spike");
    expect(alertKindOf({ activity: "Self-service password reset flow activity progress", result: "failure", reason: "OTP_INVALID", step: "method_verified" })).toBe("verification_failure_spike");
    expect(alertKindOf({ activity: "Sign-in with password", result: "failure", reason: "WRONG_PASSWORD", step: "password_submitted" })).toBe("verification_failure_spike");
    expect(alertKindOf({ activity: "Reset password (self-service)", result: "success", reason: null, step: "completed" })).toBeNull();
  });
});
