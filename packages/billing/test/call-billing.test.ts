// The one rule for what is not billed, and how each call's billing is explained to its owner.
import { describe, expect, it } from "vitest";
import { describeCallBilling, unbilledReasonFor } from "../src/index";

const T0 = new Date("2026-03-10T01:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const rules = { shortCallSeconds: 10 };

describe("unbilledReasonFor", () => {
  it("bills answered calls from the threshold on, and never tests, refusals or unanswered calls", () => {
    expect(unbilledReasonFor({ answeredAt: T0, endedAt: at(10_000) }, rules)).toBeNull();
    expect(unbilledReasonFor({ answeredAt: T0, endedAt: at(9_999) }, rules)).toBe("SHORT_CALL");
    expect(unbilledReasonFor({ answeredAt: T0, endedAt: at(9_999) }, { shortCallSeconds: 0 })).toBeNull();
    expect(unbilledReasonFor({ answeredAt: null, endedAt: at(60_000) }, rules)).toBe("NOT_ANSWERED");
    expect(unbilledReasonFor({ answeredAt: T0, endedAt: T0 }, rules)).toBe("NOT_ANSWERED");
    expect(unbilledReasonFor({ answeredAt: T0, endedAt: at(600_000), isTest: true }, rules)).toBe("TEST_CALL");
    expect(unbilledReasonFor({ answeredAt: T0, endedAt: at(600_000), endReason: "SUSPENDED" }, rules)).toBe(
      "SUSPENDED",
    );
    expect(unbilledReasonFor({ answeredAt: T0, endedAt: at(60_000), endReason: "OVER_CAP" }, rules)).toBe("OVER_CAP");
    expect(unbilledReasonFor({ answeredAt: null, endedAt: T0, endReason: "BLOCKED" }, rules)).toBe("BLOCKED_CALLER");
  });
});

describe("describeCallBilling", () => {
  const base = { endedAt: T0, billableSeconds: 0, billableMinutes: 0, unbilledReason: null };
  it("says why each call was billed or not", () => {
    expect(describeCallBilling({ ...base, billableSeconds: 32, billableMinutes: 1 }, rules)).toBe(
      "1 min: 0:32 answered, rounded up",
    );
    expect(describeCallBilling({ ...base, billableSeconds: 120, billableMinutes: 2 }, rules)).toBe(
      "2 min: 2:00 answered",
    );
    expect(describeCallBilling({ ...base, unbilledReason: "TEST_CALL" }, rules)).toBe("Not billed: test call");
    expect(describeCallBilling({ ...base, unbilledReason: "BLOCKED_CALLER" }, rules)).toBe(
      "Not billed: blocked caller",
    );
    expect(describeCallBilling({ ...base, unbilledReason: "SHORT_CALL" }, rules)).toBe("Not billed: under 10 s");
    expect(describeCallBilling({ ...base, unbilledReason: "NOT_ANSWERED" }, rules)).toBe("Not billed: not answered");
    expect(describeCallBilling({ ...base, endedAt: null }, rules)).toBe("Not billed yet: call in progress");
  });
});
