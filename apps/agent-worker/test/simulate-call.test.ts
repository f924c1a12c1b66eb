// simulate-call end to end against real PostgreSQL: the scripted caller, the
// real receptionist and the real persistence leave a complete call behind.
import { platformDb } from "@articulate/db";
import { describe, expect, it } from "vitest";
import { AI_DISCLOSURE } from "../src/call-plan";
import { simulateCall } from "../src/simulate-call";
import { createReceptionTenant, OPEN_TUESDAY } from "./fixtures";

describe("simulateCall", () => {
  it("message script: greeting, message stored, agent ends, one usage record", async () => {
    const f = await createReceptionTenant("sim-msg");
    const r = await simulateCall({ tenant: f.slug, script: "message", at: OPEN_TUESDAY });
    expect(r.plan).toBe("converse");
    expect(r.endReason).toBe("AGENT_ENDED");
    expect(r.transcript[0]).toEqual({
      speaker: "AGENT",
      text: `Thanks for calling Harbour Dental, this is Ava. ${AI_DISCLOSURE}`,
    });
    expect(r.transcript.map((s) => s.speaker)).toContain("CALLER");
    expect(r.transcript.at(-1)?.text).toBe("Thanks for calling. Goodbye!");
    const msg = await platformDb().message.findFirstOrThrow({ where: { tenantId: f.tenantId, callId: r.callId } });
    expect(msg).toMatchObject({
      callerName: "Sam Taylor",
      callbackNumber: "0412345678",
      reason: "Wants to move their Friday appointment",
      agentId: f.agentId,
    });
    const call = await platformDb().call.findUniqueOrThrow({ where: { id: r.callId }, include: { usageRecord: true } });
    expect(call).toMatchObject({
      status: "COMPLETED",
      finalizedBy: "WORKER",
      phoneNumberId: f.phoneNumberId,
      toNumber: f.e164,
      billableMinutes: 1,
    });
    expect(call.usageRecord?.minutes).toBe(1);
  });
});
