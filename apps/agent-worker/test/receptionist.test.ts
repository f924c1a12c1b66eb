// The receptionist, text-only with FakeLLM (no LiveKit server): greeting and
// disclosure, each tool with its arguments, business hours, after hours
// (incl. a NSW public holiday), suspended and over-cap tenants. Real
// PostgreSQL for everything the call writes.

import { AI_DISCLOSURE, RECORDING_NOTICE } from "@articulate/calls";
import { platformDb } from "@articulate/db";
import { describe, expect, it } from "vitest";
import { MESSAGE_SAVED } from "../src/receptionist";
import { callerHangsUp, startTestCall } from "./call-harness";
import { createReceptionTenant, NSW_LABOUR_DAY, OPEN_TUESDAY, TUESDAY_EVENING } from "./fixtures";

const GREETING = "Thanks for calling Harbour Dental, this is Ava.";
const segmentsOf = (callId: string) =>
  platformDb().transcriptSegment.findMany({
    where: { callId },
    orderBy: { sequence: "asc" },
    select: { speaker: true, text: true },
  });
const callOf = (callId: string) =>
  platformDb().call.findUniqueOrThrow({ where: { id: callId }, include: { usageRecord: true } });

function assistantTexts(session: { history: { items: unknown[] } }): string[] {
  return (session.history.items as Array<{ type: string; role?: string; textContent?: string }>)
    .filter((i) => i.type === "message" && i.role === "assistant")
    .map((i) => i.textContent ?? "");
}

describe("greeting", () => {
  it("greets with the AI disclosure when the agent's flag is on (default)", async () => {
    const f = await createReceptionTenant("greet");
    const { session, active, plan } = await startTestCall(f, { at: OPEN_TUESDAY });
    expect(plan).toMatchObject({
      kind: "converse",
      situation: "open",
      tools: ["transfer_call", "take_message", "lookup_business_info", "end_call"],
    });
    expect(assistantTexts(session)).toEqual([`${GREETING} ${AI_DISCLOSURE}`]);
    callerHangsUp(session);
    expect((await active.ended).reason).toBe("CALLER_HUNG_UP");
  });

  it("says the recording notice on a recorded call, cannot be talked over, and stores when it finished (AI disclosure off)", async () => {
    const f = await createReceptionTenant("greet-rec", { agent: { aiDisclosure: false, recordingEnabled: true } });
    const { session, active } = await startTestCall(f, { at: OPEN_TUESDAY });
    expect(active.greeting?.allowInterruptions).toBe(false);
    expect(assistantTexts(session)[0]).toContain(RECORDING_NOTICE);
    callerHangsUp(session);
    await active.ended;
    const row = await platformDb().call.findUniqueOrThrow({ where: { id: active.callId } });
    expect(row.disclosureFinishedAt).not.toBeNull();
  });

  it("leaves the disclosure out when the flag is off", async () => {
    const f = await createReceptionTenant("greet-nodisc", { agent: { aiDisclosure: false } });
    const { session, active } = await startTestCall(f, { at: OPEN_TUESDAY });
    expect(assistantTexts(session)).toEqual([GREETING]);
    callerHangsUp(session);
    await active.ended;
  });
});

describe("tools", () => {
  it("take_message is called with the caller's details, stored for the tenant, then confirmed", async () => {
    const f = await createReceptionTenant("tool-msg");
    const args = { callerName: "Priya Shah", callbackNumber: "+61 412 555 019", reason: "Question about an invoice" };
    const { session, active } = await startTestCall(f, {
      at: OPEN_TUESDAY,
      responses: [
        {
          input: "This is Priya Shah on +61 412 555 019, I have a question about an invoice.",
          toolCalls: [{ name: "take_message", args }],
        },
        { input: JSON.stringify(MESSAGE_SAVED), content: "Thanks Priya, I've passed that on." },
      ],
    });
    const r = await session
      .run({ userInput: "This is Priya Shah on +61 412 555 019, I have a question about an invoice." })
      .wait();
    r.expect.nextEvent().isFunctionCall({ name: "take_message", args });
    r.expect.nextEvent().isFunctionCallOutput({ isError: false });
    r.expect.nextEvent().isMessage({ role: "assistant" });
    r.expect.noMoreEvents();
    const msg = await platformDb().message.findFirstOrThrow({ where: { tenantId: f.tenantId, callId: active.callId } });
    expect(msg).toMatchObject({
      callerName: "Priya Shah",
      callbackNumber: "+61412555019",
      reason: "Question about an invoice",
      status: "NEW",
    });
    callerHangsUp(session);
    await active.ended;
  });

  it("take_message with an unusable callback number reports an error to the model and stores nothing", async () => {
    const f = await createReceptionTenant("tool-msg-bad");
    const args = { callerName: "Lee", callbackNumber: "soon", reason: "x" };
    const { session, active } = await startTestCall(f, {
      at: OPEN_TUESDAY,
      responses: [{ input: "message please", toolCalls: [{ name: "take_message", args }] }],
    });
    const r = await session.run({ userInput: "message please" }).wait();
    r.expect.nextEvent().isFunctionCall({ name: "take_message", args });
    r.expect.nextEvent().isFunctionCallOutput({ isError: true });
    expect(await platformDb().message.count({ where: { tenantId: f.tenantId } })).toBe(0);
    callerHangsUp(session);
    await active.ended;
  });

  it("transfer_call: spoken handoff, SIP transfer to the tenant's human number, call ends TRANSFERRED", async () => {
    const f = await createReceptionTenant("tool-xfer");
    const args = { reason: "Wants the front desk" };
    const { session, active, controls } = await startTestCall(f, {
      at: OPEN_TUESDAY,
      responses: [{ input: "Can I talk to a person?", toolCalls: [{ name: "transfer_call", args }] }],
    });
    const r = await session.run({ userInput: "Can I talk to a person?" }).wait();
    r.expect.nextEvent().isFunctionCall({ name: "transfer_call", args });
    const end = await active.ended;
    expect(end.reason).toBe("TRANSFERRED");
    expect(controls.transfers).toEqual(["+61299990000"]);
    expect(controls.hangUps).toBe(1);
    const segs = await segmentsOf(active.callId);
    expect(segs.at(-1)).toEqual({ speaker: "AGENT", text: "Sure, I'll put you through to someone now. Please hold." });
    const call = await callOf(active.callId);
    expect(call).toMatchObject({ status: "COMPLETED", endReason: "TRANSFERRED", finalizedBy: "WORKER" });
    expect(call.usageRecord).not.toBeNull();
  });

  it("transfer refused by the carrier: the agent apologises, offers a message and the call goes on", async () => {
    const f = await createReceptionTenant("tool-xfer-no");
    const { session, active, controls } = await startTestCall(f, {
      at: OPEN_TUESDAY,
      refuseTransfer: true,
      responses: [
        { input: "Put me through please", toolCalls: [{ name: "transfer_call", args: { reason: "asked" } }] },
      ],
    });
    await session.run({ userInput: "Put me through please" }).wait();
    await expect.poll(() => assistantTexts(session).at(-1), { timeout: 5_000 }).toMatch(/couldn't connect you/);
    expect(controls.transfers).toEqual(["+61299990000"]);
    expect(active.isEnding()).toBe(false);
    expect((await callOf(active.callId)).finalizedBy).toBeNull();
    callerHangsUp(session);
    expect((await active.ended).reason).toBe("CALLER_HUNG_UP");
  });

  it("end_call: goodbye first, then the room is deleted and the call ends AGENT_ENDED", async () => {
    const f = await createReceptionTenant("tool-end");
    const args = { reason: "Caller finished" };
    const { session, active, controls } = await startTestCall(f, {
      at: OPEN_TUESDAY,
      responses: [{ input: "That's all, bye", toolCalls: [{ name: "end_call", args }] }],
    });
    const r = await session.run({ userInput: "That's all, bye" }).wait();
    r.expect.nextEvent().isFunctionCall({ name: "end_call", args });
    const end = await active.ended;
    expect(end.reason).toBe("AGENT_ENDED");
    expect(controls.hangUps).toBe(1);
    const segs = await segmentsOf(active.callId);
    expect(segs.map((s) => s.speaker)).toEqual(["AGENT", "CALLER", "AGENT"]);
    expect(segs.at(-1)?.text).toBe("Thanks for calling. Goodbye!");
  });
});

describe("business hours and tenant status", () => {
  it("after hours: closed greeting, message-only tools", async () => {
    const f = await createReceptionTenant("after");
    const { session, active, plan } = await startTestCall(f, { at: TUESDAY_EVENING });
    expect(plan).toMatchObject({
      kind: "converse",
      situation: "after_hours",
      tools: ["take_message", "lookup_business_info", "end_call"],
    });
    expect(assistantTexts(session)[0]).toMatch(/We're closed right now\. Our hours are Monday 9am to 5pm/);
    expect(assistantTexts(session)[0]).toContain(AI_DISCLOSURE);
    callerHangsUp(session);
    await active.ended;
  });

  it("a NSW public holiday (Labour Day, Monday 10am) is after hours", async () => {
    const f = await createReceptionTenant("holiday");
    const { session, active, plan } = await startTestCall(f, { at: NSW_LABOUR_DAY });
    expect(plan).toMatchObject({ kind: "converse", situation: "after_hours" });
    expect(assistantTexts(session)[0]).toContain("We're closed today for Labour Day.");
    callerHangsUp(session);
    await active.ended;
  });

  it("after hours with ANNOUNCE_HOURS: says the hours and hangs up (AFTER_HOURS)", async () => {
    const f = await createReceptionTenant("announce", { agent: { afterHoursBehaviour: "ANNOUNCE_HOURS" } });
    const { active, controls, plan } = await startTestCall(f, { at: TUESDAY_EVENING });
    expect(plan.kind).toBe("announce_and_end");
    expect((await active.ended).reason).toBe("AFTER_HOURS");
    expect(controls.hangUps).toBe(1);
    const segs = await segmentsOf(active.callId);
    expect(segs).toHaveLength(1);
    expect(segs[0]?.text).toMatch(/Our hours are Monday 9am to 5pm.*Goodbye\.$/);
    expect((await callOf(active.callId)).endReason).toBe("AFTER_HOURS");
  });

  it("after hours with TRANSFER: straight through to the human number", async () => {
    const f = await createReceptionTenant("ah-xfer", { agent: { afterHoursBehaviour: "TRANSFER" } });
    const { active, controls, plan } = await startTestCall(f, { at: TUESDAY_EVENING });
    expect(plan.kind).toBe("transfer_now");
    expect((await active.ended).reason).toBe("TRANSFERRED");
    expect(controls.transfers).toEqual(["+61299990000"]);
  });

  it("suspended tenant: a short polite message, hang up, recorded as SUSPENDED", async () => {
    const f = await createReceptionTenant("susp", { tenant: { status: "SUSPENDED", suspendedReason: "unpaid" } });
    const { session, active, controls, plan } = await startTestCall(f, { at: OPEN_TUESDAY });
    expect(plan.kind).toBe("announce_and_end");
    const end = await active.ended;
    expect(end.reason).toBe("SUSPENDED");
    expect(controls.hangUps).toBe(1);
    expect(assistantTexts(session)).toEqual([
      "Thanks for calling Harbour Dental. This line isn't taking calls right now. Please try again later. Goodbye.",
    ]);
    expect(await callOf(active.callId)).toMatchObject({
      endReason: "SUSPENDED",
      finalizedBy: "WORKER",
      status: "COMPLETED",
    });
  });

  it("over the hard cap: REJECT hangs up (OVER_CAP); TAKE_MESSAGE only takes messages", async () => {
    const rej = await createReceptionTenant("cap-rej", { tenant: { hardCapMinutes: 0, overCapBehaviour: "REJECT" } });
    const a = await startTestCall(rej, { at: OPEN_TUESDAY });
    expect((await a.active.ended).reason).toBe("OVER_CAP");
    const msg = await createReceptionTenant("cap-msg", {
      tenant: { hardCapMinutes: 0, overCapBehaviour: "TAKE_MESSAGE" },
    });
    const b = await startTestCall(msg, { at: OPEN_TUESDAY });
    expect(b.plan).toMatchObject({ kind: "converse", situation: "over_cap", tools: ["take_message", "end_call"] });
    callerHangsUp(b.session);
    await b.active.ended;
    const allow = await createReceptionTenant("cap-allow", {
      tenant: { hardCapMinutes: 0, overCapBehaviour: "ALLOW_OVERAGE" },
    });
    const c = await startTestCall(allow, { at: OPEN_TUESDAY });
    expect(c.plan).toMatchObject({ kind: "converse", situation: "open" });
    callerHangsUp(c.session);
    await c.active.ended;
  });
});
