// The overview's call analytics come from CallRollup, kept in step by finalizeCall
// and analyzeCall in their own transactions. Checked against a rebuild from the
// calls themselves (the same numbers a scan would give), on real PostgreSQL.
import { forTenant, loadCallAnalytics, rebuildCallRollup } from "@articulate/db";
import { type FakeOpenAI, startFakeOpenAI } from "@articulate/testing/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeCall, finalizeCall, markCallAnswered, startCall } from "../src/index";
import { createTenantWithAgent, roomName } from "./fixtures";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  fake.answer = () => ({ content: JSON.stringify({ summary: "A message was taken.", outcome: "MESSAGE_TAKEN" }) });
});
afterAll(() => fake.close());

async function finishedCall(
  tenantId: string,
  startedAt: Date,
  opts: { answered?: boolean; endReason?: "CALLER_HUNG_UP" | "BLOCKED"; isTest?: boolean; said?: string } = {},
) {
  const call = await startCall({
    tenantId,
    roomName: roomName(),
    direction: "INBOUND",
    fromNumber: "+61400000000",
    toNumber: "+61255501234",
    isTest: opts.isTest,
    startedAt,
  });
  if (opts.answered) {
    await markCallAnswered({ tenantId, callId: call.id, answeredAt: new Date(startedAt.getTime() + 3000) });
    if (opts.said)
      await forTenant(tenantId).transcriptSegment.create({
        data: { tenantId, callId: call.id, sequence: 0, speaker: "CALLER", text: opts.said },
      });
  }
  await finalizeCall({
    tenantId,
    callId: call.id,
    endReason: opts.endReason ?? "CALLER_HUNG_UP",
    endedAt: new Date(startedAt.getTime() + 60_000),
    finalizedBy: "WORKER",
  });
  return call.id;
}

describe("call rollup", () => {
  it("counts finished calls by local day and hour, answered, blocked and outcomes; tests excluded; equals a rebuild", async () => {
    const { tenant } = await createTenantWithAgent("rollup");
    // 23:30 UTC on Sunday 1 Nov 2026 = 10:30 am Monday 2 Nov in Sydney (AEDT, UTC+11).
    const monday1030 = new Date("2026-11-01T23:30:00Z");
    const answered = await finishedCall(tenant.id, monday1030, { answered: true, said: "Can I leave a message?" });
    await finishedCall(tenant.id, new Date("2026-11-01T23:40:00Z"));
    await finishedCall(tenant.id, new Date("2026-11-01T23:45:00Z"), { endReason: "BLOCKED" });
    await finishedCall(tenant.id, new Date("2026-11-01T23:50:00Z"), { answered: true, isTest: true });
    // 14:00 UTC Tuesday 3 Nov = 1 am Wednesday 4 Nov in Sydney.
    await finishedCall(tenant.id, new Date("2026-11-03T14:00:00Z"), { answered: true });
    await analyzeCall(tenant.id, answered, { config: { ...fake, model: "gpt-4.1-mini", timeoutMs: 5000 } });

    const got = await loadCallAnalytics(tenant.id, "2026-11-01", "2026-12-01");
    expect(got.calls).toBe(4);
    expect(got.answered).toBe(2);
    expect(got.outcomes).toMatchObject({ messageTaken: 1, spamOrBlocked: 1, notAnalysed: 2 });
    expect(got.daily).toEqual([
      { day: "2026-11-02", calls: 3, answered: 1 },
      { day: "2026-11-04", calls: 1, answered: 1 },
    ]);
    expect(got.heat[0]?.[10]).toBe(3); // Monday 10 am
    expect(got.heat[2]?.[1]).toBe(1); // Wednesday 1 am
    // The blocked call's analysis (no caller speech) does not count it twice.
    const blocked = await forTenant(tenant.id).call.findFirstOrThrow({ where: { endReason: "BLOCKED" } });
    await analyzeCall(tenant.id, blocked.id, { config: { ...fake, model: "gpt-4.1-mini", timeoutMs: 5000 } });
    const after = await loadCallAnalytics(tenant.id, "2026-11-01", "2026-12-01");
    expect(after.outcomes.spamOrBlocked).toBe(1);
    expect(after.outcomes.abandoned).toBe(0);

    await rebuildCallRollup(tenant.id);
    expect(await loadCallAnalytics(tenant.id, "2026-11-01", "2026-12-01")).toEqual(after);
    // The period's bounds are local days: nothing before 2 Nov, nothing from 4 Nov.
    expect((await loadCallAnalytics(tenant.id, "2026-11-03", "2026-11-04")).calls).toBe(0);
  });
});
