// The call page's "Sound quality": the measured bandwidth, labelled as measured,
// and what the number's line offers (never a claim about the negotiated codec).
import { describe, expect, it } from "vitest";
import { soundQualityLabel } from "@/modules/calls/lib/call-labels";

describe("soundQualityLabel", () => {
  it("a Twilio number: narrowband measured, G.711 only offered", () => {
    const l = soundQualityLabel({ audioBandwidth: "NARROWBAND", isTest: false, provider: "TWILIO" });
    expect(l.quality).toBe("Standard phone quality (narrowband)");
    expect(l.note).toMatch(/does not tell us which codec/);
    expect(l.note).toMatch(/G\.711 only/);
  });

  it("a Telnyx number: HD measured, G.722 offered first", () => {
    const l = soundQualityLabel({ audioBandwidth: "WIDEBAND", isTest: false, provider: "TELNYX" });
    expect(l.quality).toBe("HD voice (wideband)");
    expect(l.note).toMatch(/G\.722 \(HD voice\) first, then G\.711/);
  });

  it("a test call has no phone line to describe; an unmeasured call says so", () => {
    expect(soundQualityLabel({ audioBandwidth: "WIDEBAND", isTest: true, provider: "TELNYX" }).note).not.toMatch(
      /line offers/,
    );
    expect(soundQualityLabel({ audioBandwidth: null, isTest: false, provider: null }).quality).toBe("Not measured");
  });
});
