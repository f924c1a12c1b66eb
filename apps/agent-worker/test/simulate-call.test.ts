// simulate-call end to end against real PostgreSQL: the scripted caller, the
// real receptionist and the real persistence leave a complete call behind.

import { AI_DISCLOSURE } from "@articulate/calls";
import { platformDb } from "@articulate/db";
import { describe, expect, it } from "vitest";
import { simulateCall } from "../src/simulate-call";
import { createReceptionTenant, OPEN_TUESDAY, TUESDAY_EVENING } from "./fixtures";

describe("simulateCall", () => {
  it("message script: greeting, message stored, agent ends; a test call, timed like a phone call, never billed", async () => {
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
      isTest: true,
      unbilledReason: "TEST_CALL",
      billableMinutes: 0,
    });
    expect(call.usageRecord).toBeNull();
    // Placed at the requested time, answered after a ring, and as long as its lines take to say.
    expect(call.startedAt.toISOString()).toBe(OPEN_TUESDAY.toISOString());
    const answered = call.answeredAt?.getTime() ?? 0;
    const ended = call.endedAt?.getTime() ?? 0;
    expect(answered).toBeGreaterThan(call.startedAt.getTime());
    expect(ended - answered).toBeGreaterThan(15_000);
    const segments = await platformDb().transcriptSegment.findMany({
      where: { callId: r.callId },
      orderBy: { sequence: "asc" },
    });
    for (let i = 1; i < segments.length; i++) {
      expect(segments[i]?.startMs ?? 0).toBeGreaterThan(segments[i - 1]?.endMs ?? 0);
    }
    expect(ended - answered).toBeGreaterThan(segments.at(-1)?.endMs ?? 0);
  });

  it("after hours (decided at the given time): the message is taken and the call ends with the after-hours reason", async () => {
    const f = await createReceptionTenant("sim-ah");
    const r = await simulateCall({ tenant: f.slug, script: "after-hours", at: TUESDAY_EVENING });
    expect(r).toMatchObject({ plan: "converse", situation: "after_hours", endReason: "AFTER_HOURS" });
    expect(r.messageIds).toHaveLength(1);
  });
});
