// Every exit path of a call finalizes it exactly once with one usage record:
// caller hang-up, agent end, transfer, max length, outbound no-answer, and a
// worker crash finalized by LiveKit's (signed) webhook, duplicated and out of order.
import { admissionFor, handleLiveKitWebhook, parseLatencySummary } from "@articulate/calls";
import { platformDb } from "@articulate/db";
import { type LiveKitFake, startLiveKitFake } from "@articulate/testing/livekit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { callerHangsUp, recordingLogger, startTestCall } from "./call-harness";
import { createReceptionTenant, OPEN_TUESDAY } from "./fixtures";

let fake: LiveKitFake;
beforeAll(async () => {
  fake = await startLiveKitFake();
});
afterAll(async () => {
  await fake.close();
});

const usageCount = (callId: string) => platformDb().usageRecord.count({ where: { callId } });
const callOf = (callId: string) => platformDb().call.findUniqueOrThrow({ where: { id: callId } });

describe("call lifecycle", () => {
  it("caller hangs up: CALLER_HUNG_UP, billable time, one usage record, transcript kept, latency stored", async () => {
    const f = await createReceptionTenant("lc-hangup");
    const { session, active } = await startTestCall(f, {
      at: OPEN_TUESDAY,
      responses: [{ input: "Are you open tomorrow?", content: "Yes, from 9am to 5pm.", ttft: 30 }],
    });
    await session.run({ userInput: "Are you open tomorrow?" }).wait();
    callerHangsUp(session);
    const end = await active.ended;
    expect(end.reason).toBe("CALLER_HUNG_UP");
    expect(end.unwrittenSegments).toBe(0);
    const call = await callOf(active.callId);
    expect(call).toMatchObject({
      status: "COMPLETED",
      endReason: "CALLER_HUNG_UP",
      finalizedBy: "WORKER",
      billableMinutes: 1,
    });
    expect(call.answeredAt).not.toBeNull();
    expect(call.endedAt?.getTime()).toBeGreaterThanOrEqual(call.answeredAt?.getTime() ?? 0);
    expect(await usageCount(call.id)).toBe(1);
    expect(await platformDb().transcriptSegment.count({ where: { callId: call.id } })).toBe(3);
    // One caller turn → one latency sample (the greeting is not a turn).
    const latency = parseLatencySummary(call.latency);
    expect(latency?.turns).toBe(1);
    expect(latency?.llmTtftMs?.p50).toBeGreaterThanOrEqual(25);
    expect(latency?.llmTtftMs?.max).toBe(latency?.llmTtftMs?.p50);
    // A late webhook for the same room changes nothing.
    const { body, authorization } = await fake.signWebhook({ event: "room_finished", room: { name: call.roomName } });
    const r = await handleLiveKitWebhook(body, authorization, { apiKey: fake.apiKey, apiSecret: fake.apiSecret });
    expect(r.body.outcome).toBe("already_finalized");
    expect(await usageCount(call.id)).toBe(1);
  });

  it("max call length: warning before the end, then MAX_LENGTH and hang up", async () => {
    const f = await createReceptionTenant("lc-max", { agent: { maxCallSeconds: 2 } });
    const { session, active, controls } = await startTestCall(f, { at: OPEN_TUESDAY });
    const end = await active.ended;
    expect(end.reason).toBe("MAX_LENGTH");
    expect(controls.hangUps).toBe(1);
    const said = session.history.items
      .filter((i) => i.type === "message" && i.role === "assistant")
      .map((i) => (i.type === "message" ? i.textContent : ""));
    expect(said[1]).toMatch(/almost out of time/);
    expect(said.at(-1)).toMatch(/reached the time limit/);
    const call = await callOf(active.callId);
    expect(call).toMatchObject({ endReason: "MAX_LENGTH", status: "COMPLETED" });
    expect(call.billableSeconds).toBeGreaterThanOrEqual(2);
    expect(await usageCount(call.id)).toBe(1);
  });

  it("outbound: silent until the callee answers; never answered → NO_ANSWER, nothing billed", async () => {
    const f = await createReceptionTenant("lc-out");
    let answer!: (v: boolean) => void;
    const calleeAnswered = new Promise<boolean>((r) => (answer = r));
    const pending = startTestCall(f, {
      at: OPEN_TUESDAY,
      calleeAnswered,
      call: { direction: "OUTBOUND", fromNumber: f.e164, toNumber: "+61412000001" },
    });
    // Wait for the row (not a fixed sleep: a loaded machine can take seconds), then check nothing was said.
    const calls = await vi.waitFor(
      async () => {
        const rows = await platformDb().call.findMany({ where: { tenantId: f.tenantId } });
        expect(rows).toHaveLength(1);
        return rows;
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(calls[0]?.answeredAt).toBeNull();
    expect(await platformDb().transcriptSegment.count({ where: { tenantId: f.tenantId } })).toBe(0);
    answer(false);
    const { active, controls } = await pending;
    expect(active.greeting).toBeNull();
    expect((await active.ended).reason).toBe("NO_ANSWER");
    expect(controls.hangUps).toBe(1);
    expect(await callOf(active.callId)).toMatchObject({ status: "NO_ANSWER", billableMinutes: 0 });
    expect(await usageCount(active.callId)).toBe(0);
  });

  it("outbound answered: greets only after the answer", async () => {
    const f = await createReceptionTenant("lc-out-ok");
    const { session, active } = await startTestCall(f, {
      at: OPEN_TUESDAY,
      calleeAnswered: new Promise((r) => setTimeout(() => r(true), 100)),
      call: { direction: "OUTBOUND", fromNumber: f.e164, toNumber: "+61412000002" },
    });
    await expect.poll(async () => (await callOf(active.callId)).answeredAt, { timeout: 5_000 }).not.toBeNull();
    expect((await callOf(active.callId)).direction).toBe("OUTBOUND");
    callerHangsUp(session);
    expect((await active.ended).reason).toBe("CALLER_HUNG_UP");
    expect(await usageCount(active.callId)).toBe(1);
  });

  it("worker crash mid-call: LiveKit's room_finished finalizes it (WORKER_LOST) once, despite duplicates and reordering", async () => {
    const f = await createReceptionTenant("lc-crash");
    const { session, active } = await startTestCall(f, {
      at: OPEN_TUESDAY,
      responses: [{ input: "Hello?", content: "Hi, how can I help?" }],
    });
    await session.run({ userInput: "Hello?" }).wait();
    await active.recorder.flush();
    // The process dies: no end(), no shutdown callback. The transcript written so far survives.
    // The answer is written beside the greeting, not before it.
    await expect.poll(async () => (await callOf(active.callId)).status, { timeout: 5_000 }).toBe("IN_PROGRESS");
    const call = await callOf(active.callId);
    expect(call.finalizedBy).toBeNull();
    expect(await platformDb().transcriptSegment.count({ where: { callId: call.id } })).toBe(3);

    const keys = { apiKey: fake.apiKey, apiSecret: fake.apiSecret };
    // The caller talked on for another minute after the worker died.
    const createdAt = Math.floor(Date.now() / 1000) + 65;
    const deliveries = [
      await fake.signWebhook({ event: "room_finished", room: { name: call.roomName }, id: "EV_crash_rf", createdAt }),
      await fake.signWebhook({
        event: "participant_left",
        room: { name: call.roomName },
        participant: { identity: "sip_+61412000000", kind: 3 },
        id: "EV_crash_pl",
        createdAt,
      }),
    ];
    const results = await Promise.all(
      [...deliveries, ...deliveries.reverse()].map((d) => handleLiveKitWebhook(d.body, d.authorization, keys)),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(results.filter((r) => r.body.outcome === "finalized")).toHaveLength(1);
    const after = await callOf(call.id);
    expect(after.finalizedBy).toBe("WEBHOOK");
    expect(["WORKER_LOST", "CALLER_HUNG_UP"]).toContain(after.endReason);
    expect(after.status).toBe("COMPLETED");
    expect(after.billableMinutes).toBe(2);
    expect(await usageCount(call.id)).toBe(1);
    // The crashed session is gone; cleaning up the in-memory one must not bill again.
    await active.end("ERROR");
    expect(await usageCount(call.id)).toBe(1);
    expect((await callOf(call.id)).finalizedBy).toBe("WEBHOOK");
  });

  it("session closed by the job runner (not the caller, not the agent): ERROR, never AGENT_ENDED; caller gone → CALLER_HUNG_UP", async () => {
    const f = await createReceptionTenant("lc-runner-close");
    const a = await startTestCall(f, { at: OPEN_TUESDAY });
    expect(a.active.state).toBe("conversing");
    // What the agents runner does on a job shutdown: closes the session ("user_initiated").
    await a.session.close();
    expect((await a.active.ended).reason).toBe("ERROR");
    expect(a.active.state).toBe("finalized");
    expect(a.controls.hangUps).toBe(1);
    expect(await callOf(a.active.callId)).toMatchObject({ endReason: "ERROR", status: "COMPLETED" });

    let callerLeft = false;
    const b = await startTestCall(f, {
      at: OPEN_TUESDAY,
      externalEndReason: () => (callerLeft ? "CALLER_HUNG_UP" : null),
    });
    callerLeft = true;
    await b.session.close();
    expect((await b.active.ended).reason).toBe("CALLER_HUNG_UP");
  });

  it("a failed hang-up is logged as an error and the call is still finalized once", async () => {
    const f = await createReceptionTenant("lc-hangup-fails");
    const log = recordingLogger();
    const { active, session } = await startTestCall(f, {
      at: OPEN_TUESDAY,
      hangUpFails: true,
      log,
      responses: [{ input: "Bye", toolCalls: [{ name: "end_call", args: { reason: "caller done" } }] }],
    });
    await session.run({ userInput: "Bye" }).wait();
    expect((await active.ended).reason).toBe("AGENT_ENDED");
    const errors = log.entries.filter((l) => l.level === "error");
    expect(errors.map((e) => e.msg)).toContain("hang up failed");
    expect(await callOf(active.callId)).toMatchObject({ endReason: "AGENT_ENDED", status: "COMPLETED" });
    expect(await usageCount(active.callId)).toBe(1);
  });

  it("test call: flagged on the row, finalized with no usage record, not counted toward the cap", async () => {
    const f = await createReceptionTenant("lc-test-call", {
      tenant: { hardCapMinutes: 1, overCapBehaviour: "REJECT" },
    });
    const { session, active, config } = await startTestCall(f, { at: OPEN_TUESDAY, isTest: true });
    expect((await callOf(active.callId)).isTest).toBe(true);
    await new Promise((r) => setTimeout(r, 1_100)); // at least one billable second, were it billed
    callerHangsUp(session);
    expect((await active.ended).reason).toBe("CALLER_HUNG_UP");
    const call = await callOf(active.callId);
    expect(call).toMatchObject({ isTest: true, status: "COMPLETED", billableMinutes: 0, priceMinor: 0 });
    expect(await usageCount(call.id)).toBe(0);
    // The hard cap (1 minute) is untouched: the next real call is admitted.
    expect(await admissionFor(config, OPEN_TUESDAY)).toEqual({ admitted: true });
  });

  it("once the call is closing no timer acts on it: an ended call never reaches MAX_LENGTH or its warning", async () => {
    const f = await createReceptionTenant("lc-closing-timers", { agent: { maxCallSeconds: 2 } });
    const { session, active } = await startTestCall(f, {
      at: OPEN_TUESDAY,
      maxLengthWarningLeadSeconds: 1,
      responses: [{ input: "Bye", toolCalls: [{ name: "end_call", args: { reason: "caller done" } }] }],
    });
    await session.run({ userInput: "Bye" }).wait();
    expect(["closing", "finalized"]).toContain(active.state);
    expect((await active.ended).reason).toBe("AGENT_ENDED");
    await new Promise((r) => setTimeout(r, 2_500)); // past the warning and the limit
    const said = session.history.items.flatMap((i) =>
      i.type === "message" && i.role === "assistant" ? [i.textContent] : [],
    );
    expect(said.join(" ")).not.toMatch(/almost out of time|time limit/);
    expect((await callOf(active.callId)).endReason).toBe("AGENT_ENDED");
  });
});
