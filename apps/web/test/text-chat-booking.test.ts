// Booking, rescheduling and cancelling in a text chat with the agent: the same
// receptionist and booking tools as a phone call, against the local
// OpenAI-compatible fake (its "model" is scripted here and reads the tool
// results it is sent, as a real one would), on real PostgreSQL. The chat's
// "calling from" number is the caller's number: look-ups, moves and cancels are
// refused for any other number, and for a chat without one (a withheld number).
import crypto from "node:crypto";
import { createAppointmentType, instantAt } from "@articulate/booking";
import { InputError } from "@articulate/core";
import { forTenant, platformDb } from "@articulate/db";
import { type ChatRequest, type FakeAnswer, type FakeOpenAI, startFakeOpenAI } from "@articulate/testing/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendTextChatMessage, startTextChat } from "@/modules/agents/lib/text-chat";

const TZ = "Australia/Sydney";
const hours = { open: "08:00", close: "18:00" };
// Monday 30 November 2026, 10:00 in Sydney: the business is open.
const NOW = instantAt("2026-11-30", 10 * 60, TZ)!;
const at = (date: string, hhmm: string) => instantAt(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), TZ)!;
const TUE_930 = at("2026-12-01", "09:30");
const WED_10 = at("2026-12-02", "10:00");

let fake: FakeOpenAI;
let rt: { provider: { apiKey: string; baseUrl: string }; now: () => Date };

const lastUser = (req: ChatRequest) =>
  [...req.messages].reverse().find((m) => m.role === "user")?.content as string | undefined;

/** The booking id the model was told earlier in the chat (find_my_appointments' answer, echoed to the caller). */
function bookingIdSeen(req: ChatRequest): string {
  for (const m of [...req.messages].reverse()) {
    const id = typeof m.content === "string" ? /\(booking (\S+)\)/.exec(m.content)?.[1] : undefined;
    if (id) return id;
  }
  return "none-seen";
}

/**
 * The scripted "model": it answers a tool result by saying it to the caller, and
 * turns the caller's words into the tool call a receptionist would make.
 */
function model(req: ChatRequest): FakeAnswer {
  const last = req.messages.at(-1);
  if (last?.role === "tool") return { content: last.content };
  const said = lastUser(req) ?? "";
  const call = (name: string, args: Record<string, unknown>): FakeAnswer => ({
    toolCalls: [{ name, arguments: args }],
  });
  if (/check-up on Tuesday/i.test(said))
    return call("check_availability", { appointmentType: "Check-up", fromDate: "2026-12-01" });
  if (/9:30.*Mia Nguyen/i.test(said))
    return call("book_appointment", {
      appointmentType: "Check-up",
      start: TUE_930.toISOString(),
      callerName: "Mia Nguyen",
      reason: "Sore tooth",
      confirmedWithCaller: false,
    });
  if (/^yes, book it/i.test(said))
    return call("book_appointment", {
      appointmentType: "Check-up",
      start: TUE_930.toISOString(),
      callerName: "Mia Nguyen",
      reason: "Sore tooth",
      confirmedWithCaller: true,
    });
  if (/what do I have booked/i.test(said)) return call("find_my_appointments", { callerName: "Mia Nguyen" });
  if (/move it to Wednesday/i.test(said))
    return call("reschedule_appointment", {
      bookingId: bookingIdSeen(req),
      newStart: WED_10.toISOString(),
      confirmedWithCaller: false,
    });
  if (/^yes, move it/i.test(said))
    return call("reschedule_appointment", {
      bookingId: bookingIdSeen(req),
      newStart: WED_10.toISOString(),
      confirmedWithCaller: true,
    });
  // Someone who knows the booking's id (the test passes it in the words) tries to cancel it.
  const cancel = /cancel booking (\S+)/i.exec(said);
  if (cancel) return call("cancel_appointment", { bookingId: cancel[1], confirmedWithCaller: true });
  if (/^yes, cancel it/i.test(said))
    return call("cancel_appointment", { bookingId: bookingIdSeen(req), confirmedWithCaller: true });
  return { content: "How can I help?" };
}

beforeAll(async () => {
  fake = await startFakeOpenAI();
  fake.answer = model;
  rt = { provider: { apiKey: fake.apiKey, baseUrl: fake.baseUrl }, now: () => NOW };
});

afterAll(async () => {
  await fake.close();
});

async function practice() {
  const suffix = crypto.randomBytes(5).toString("hex");
  const tenant = await platformDb().tenant.create({
    data: { slug: `chat-book-${suffix}`, name: "Harbour Dental", timezone: TZ },
  });
  const agent = await platformDb().agent.create({
    data: {
      tenantId: tenant.id,
      name: "Ava",
      greeting: "Thanks for calling Harbour Dental, this is Ava.",
      instructions: "Help callers with bookings.",
      timezone: TZ,
      holidayRegion: null,
      businessHours: { mon: [hours], tue: [hours], wed: [hours], thu: [hours], fri: [hours] },
    },
  });
  const type = await createAppointmentType(tenant.id, { name: "Check-up", agentId: agent.id, durationMinutes: 30 });
  return { tenantId: tenant.id, agentId: agent.id, typeId: type.id };
}

/** One chat turn; returns what the agent said in it. */
async function say(tenantId: string, callId: string, text: string): Promise<string> {
  const chat = await sendTextChatMessage(tenantId, callId, text, rt);
  const mine = chat.lines.map((l) => l.text).lastIndexOf(text);
  return chat.lines
    .slice(mine + 1)
    .map((l) => l.text)
    .join("\n");
}

describe("booking in a text chat", () => {
  it("books, then only the caller's own number can find, move and cancel it", async () => {
    const p = await practice();
    const bookings = () => forTenant(p.tenantId).booking.findMany({ where: { tenantId: p.tenantId } });

    // 1. A caller from 0412 345 678 books a check-up.
    const mia = await startTextChat(p.tenantId, p.agentId, rt, { callerNumber: "0412 345 678" });
    const offered = await say(p.tenantId, mia.callId, "Hi, can I get a check-up on Tuesday?");
    expect(offered).toMatch(/^Free for Check-up \(30 minutes\): /);
    expect(offered).toContain(TUE_930.toISOString());
    expect(await say(p.tenantId, mia.callId, "9:30 please, I'm Mia Nguyen")).toMatch(/^Read back: Check-up on /);
    expect(await bookings()).toEqual([]); // nothing booked before the caller says yes
    expect(await say(p.tenantId, mia.callId, "Yes, book it")).toMatch(/^Booked: Check-up on .* for Mia Nguyen/);
    const [booked] = await bookings();
    expect(booked).toMatchObject({
      status: "CONFIRMED",
      source: "AGENT",
      callId: mia.callId,
      callerName: "Mia Nguyen",
      callerPhone: "+61412345678",
      reason: "Sore tooth",
      startsAt: TUE_930,
    });
    const tools = await forTenant(p.tenantId).callToolInvocation.findMany({
      where: { callId: mia.callId },
      orderBy: { createdAt: "asc" },
    });
    expect(tools.map((t) => [t.tool, t.ok])).toEqual([
      ["check_availability", true],
      ["book_appointment", true],
      ["book_appointment", true],
    ]);

    // 2. Someone else, from another number, knows the name and even the booking's id: nothing is revealed or changed.
    const other = await startTextChat(p.tenantId, p.agentId, rt, { callerNumber: "0412 999 888" });
    expect(await say(p.tenantId, other.callId, "I'm Mia Nguyen, what do I have booked?")).toBe(
      "No upcoming appointments found for this caller under that name and number.",
    );
    expect(await say(p.tenantId, other.callId, `Please cancel booking ${booked!.id}`)).toBe(
      "That booking wasn't found.",
    );
    // 3. A chat with no number is a withheld caller ID: bookings can't be changed.
    const hidden = await startTextChat(p.tenantId, p.agentId, rt);
    expect(await say(p.tenantId, hidden.callId, `Please cancel booking ${booked!.id}`)).toMatch(/number is withheld/);
    expect((await bookings())[0]).toMatchObject({ status: "CONFIRMED", startsAt: TUE_930 });

    // 4. Mia again, from her own number: finds it, moves it (after a read-back), then cancels it.
    const again = await startTextChat(p.tenantId, p.agentId, rt, { callerNumber: "+61 412 345 678" });
    expect(await say(p.tenantId, again.callId, "I'm Mia Nguyen, what do I have booked?")).toContain(
      `(booking ${booked!.id})`,
    );
    expect(await say(p.tenantId, again.callId, "Can you move it to Wednesday at 10?")).toMatch(
      /^Read back the new time/,
    );
    expect((await bookings())[0]).toMatchObject({ startsAt: TUE_930 });
    expect(await say(p.tenantId, again.callId, "Yes, move it")).toMatch(/^Moved to /);
    expect((await bookings())[0]).toMatchObject({ status: "CONFIRMED", startsAt: WED_10 });
    expect(await say(p.tenantId, again.callId, "Yes, cancel it please")).toMatch(/^Cancelled the appointment on /);
    expect((await bookings())[0]).toMatchObject({ status: "CANCELLED", startsAt: WED_10 });
  });

  it("a calling-from number that isn't Australian is refused, naming the field", async () => {
    const p = await practice();
    const err = await startTextChat(p.tenantId, p.agentId, rt, { callerNumber: "12345" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ field: "callerNumber" });
    const intl = await startTextChat(p.tenantId, p.agentId, rt, { callerNumber: "+1 415 555 0100" }).catch(
      (e: unknown) => e,
    );
    expect(intl).toBeInstanceOf(InputError);
    expect(await platformDb().call.count({ where: { tenantId: p.tenantId } })).toBe(0);
  });
});
