// A bad day for a call, against real PostgreSQL: a poison transcript segment,
// a database that keeps failing, a worker that dies after the first words, and
// LiveKit's whole-second event times. Nothing may lose the rest of the
// transcript, leave a real conversation unbilled, or hide what was lost.
import { platformDb } from "@articulate/db";
import { createWebhookEndpoint } from "@articulate/webhooks";
import { describe, expect, it } from "vitest";
import { completeTranscript, finalizeCall, type SegmentBatchWriter, startCall, TranscriptRecorder } from "../src/index";
import { createTenantWithAgent, roomName } from "./fixtures";

async function newCall(label: string, opts: { endpoint?: boolean } = {}) {
  const { tenant, agent } = await createTenantWithAgent(label);
  if (opts.endpoint)
    await createWebhookEndpoint(tenant.id, { url: "https://example.test/hooks" }, { actorType: "system" });
  const call = await startCall({
    tenantId: tenant.id,
    roomName: roomName(),
    direction: "INBOUND",
    fromNumber: "+61400000000",
    toNumber: "+61255501234",
    agentId: agent.id,
  });
  return { tenantId: tenant.id, callId: call.id, roomName: call.roomName };
}

const texts = async (callId: string) =>
  (await platformDb().transcriptSegment.findMany({ where: { callId }, orderBy: { sequence: "asc" } })).map(
    (r) => r.text,
  );

/** The real writer, except that a text containing `poison` fails like PostgreSQL's data errors do. */
function poisonWriter(isPoison: (text: string) => boolean): { writer: SegmentBatchWriter; calls: () => number } {
  let calls = 0;
  const real = new TranscriptRecorder({ target: { tenantId: "x", callId: "x" } }) as unknown as {
    opts: { writer: SegmentBatchWriter };
  };
  return {
    calls: () => calls,
    writer: async (target, batch, answeredAt) => {
      calls++;
      if (batch.some((s) => isPoison(s.text)))
        throw Object.assign(new Error("invalid byte sequence"), { code: "P2010", meta: { code: "22021" } });
      await real.opts.writer(target, batch, answeredAt);
    },
  };
}

describe("transcript writes on a bad day", () => {
  it("stores NUL-bearing and lone-surrogate text instead of failing on it", async () => {
    const target = await newCall("bd-nul");
    const rec = new TranscriptRecorder({ target });
    rec.enqueue({ speaker: "CALLER", text: "my name is\u0000 Ann" });
    rec.enqueue({ speaker: "CALLER", text: "broken \ud800 emoji" });
    expect(await rec.close()).toBe(0);
    expect(await texts(target.callId)).toEqual(["my name is Ann", "broken \ufffd emoji"]);
  });

  it("isolates a poison segment: it is sanitised, or dropped and counted; every later segment is written", async () => {
    const target = await newCall("bd-poison");
    const dropped: { callId: string; sequence: number }[] = [];
    const { writer } = poisonWriter((t) => t.includes("\u0007") || t.includes("always-bad"));
    const rec = new TranscriptRecorder({
      target,
      writer,
      retryBaseMs: 1,
      onDropped: ({ callId, sequence }) => dropped.push({ callId, sequence }),
    });
    rec.enqueue({ speaker: "AGENT", text: "hello" });
    rec.enqueue({ speaker: "CALLER", text: "bell \u0007 here" }); // refused raw, accepted sanitised
    rec.enqueue({ speaker: "CALLER", text: "always-bad" }); // refused either way
    for (let i = 0; i < 5; i++) rec.enqueue({ speaker: "AGENT", text: `after ${i}` });
    expect(await rec.close(10_000)).toBe(1);
    expect(dropped).toEqual([{ callId: target.callId, sequence: 2 }]);
    expect(await texts(target.callId)).toEqual([
      "hello",
      "bell here",
      "after 0",
      "after 1",
      "after 2",
      "after 3",
      "after 4",
    ]);
  });

  it("stops retrying at close()'s deadline and reports what was left unwritten", async () => {
    const target = await newCall("bd-down");
    let calls = 0;
    const rec = new TranscriptRecorder({
      target,
      retryBaseMs: 5,
      retryMaxMs: 20,
      maxAttempts: 1_000,
      writer: async () => {
        calls++;
        throw new Error("connection refused");
      },
    });
    rec.enqueue({ speaker: "AGENT", text: "one" });
    rec.enqueue({ speaker: "CALLER", text: "two" });
    expect(await rec.close(200)).toBe(2);
    const after = calls;
    await new Promise((r) => setTimeout(r, 150));
    expect(calls).toBeLessThanOrEqual(after + 1); // at most the attempt already in flight
  });

  it("writes the answer time with the first segment, so a worker dying right after still leaves an answered call", async () => {
    const target = await newCall("bd-answer");
    const answeredAt = new Date(Date.now() - 4_000);
    const rec = new TranscriptRecorder({ target, origin: answeredAt });
    rec.enqueue({ speaker: "AGENT", text: "Hello, Harbour Dental" });
    expect(await rec.flush()).toBe(true);
    // No markCallAnswered: the worker "dies" here.
    const row = await platformDb().call.findUniqueOrThrow({ where: { id: target.callId } });
    expect(row.answeredAt?.getTime()).toBe(answeredAt.getTime());
    expect(row.status).toBe("IN_PROGRESS");
  });
});

describe("finalizing from LiveKit's webhook", () => {
  it("bills a call with transcript but no recorded answer, from the answer to at least the last spoken word", async () => {
    const target = await newCall("bd-noanswer");
    const call = await platformDb().call.findUniqueOrThrow({ where: { id: target.callId } });
    // Segments stored without an answer time (the old failure: the answer update never landed).
    await platformDb().transcriptSegment.createMany({
      data: [
        // Past the short-call threshold (10 s), so the call is billable.
        { tenantId: target.tenantId, callId: target.callId, sequence: 0, speaker: "AGENT", text: "Hi", endMs: 11_500 },
        {
          tenantId: target.tenantId,
          callId: target.callId,
          sequence: 1,
          speaker: "CALLER",
          text: "Yes",
          endMs: 13_200,
        },
      ],
    });
    // LiveKit's whole-second event time, earlier than the call's own start.
    const r = await finalizeCall({
      callId: target.callId,
      endReason: "WORKER_LOST",
      endedAt: new Date(Math.floor(call.startedAt.getTime() / 1000) * 1000),
      finalizedBy: "WEBHOOK",
    });
    expect(r.outcome).toBe("finalized");
    if (r.outcome !== "finalized") return;
    expect(r.call.status).toBe("COMPLETED");
    expect(r.call.answeredAt?.getTime()).toBe(call.startedAt.getTime());
    expect(r.call.endedAt?.getTime()).toBeGreaterThanOrEqual(call.startedAt.getTime() + 13_200);
    expect(r.call.billableSeconds).toBeGreaterThanOrEqual(13);
    expect(await platformDb().usageRecord.count({ where: { callId: target.callId } })).toBe(1);
  });

  it("flags call.ended incomplete, then the worker's drained transcript follows once as call.transcript_completed", async () => {
    const target = await newCall("bd-follow", { endpoint: true });
    await finalizeCall({ callId: target.callId, endReason: "CALLER_HUNG_UP", finalizedBy: "WEBHOOK" });
    await platformDb().transcriptSegment.create({
      data: { tenantId: target.tenantId, callId: target.callId, sequence: 0, speaker: "CALLER", text: "late line" },
    });
    expect(await completeTranscript({ ...target, transcriptUnwritten: 0 })).toBe(true);
    expect(await completeTranscript({ ...target, transcriptUnwritten: 0 })).toBe(false);
    const events = await platformDb().webhookDelivery.findMany({
      where: { tenantId: target.tenantId, eventType: { in: ["call.ended", "call.transcript_completed"] } },
      orderBy: { createdAt: "asc" },
    });
    const payloads = events.map((e) => e.payload as { type: string; data: Record<string, unknown> });
    expect(payloads.map((p) => p.type)).toEqual(["call.ended", "call.transcript_completed"]);
    expect(payloads[0]?.data.transcriptComplete).toBe(false);
    expect(payloads[1]?.data.transcript).toEqual([expect.objectContaining({ text: "late line" })]);
  });

  it("a worker finalization after its drain sends call.ended complete and records what was lost", async () => {
    const target = await newCall("bd-worker", { endpoint: true });
    const r = await finalizeCall({
      ...target,
      endReason: "AGENT_ENDED",
      finalizedBy: "WORKER",
      transcriptUnwritten: 2,
    });
    expect(r.outcome === "finalized" && r.call.transcriptUnwritten).toBe(2);
    const ended = await platformDb().webhookDelivery.findFirstOrThrow({
      where: { tenantId: target.tenantId, eventType: "call.ended" },
    });
    expect((ended.payload as { data: { transcriptComplete: boolean } }).data.transcriptComplete).toBe(false);
  });
});
