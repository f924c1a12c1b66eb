// Google Calendar against the local Google fake, through Google's own client
// libraries: the connect flow with its state checks, tokens encrypted at rest,
// refresh, free/busy blocking, events kept in step with bookings, a retried
// insert answered 409, a rate limit, a revoked grant (the connection breaks and
// calls take messages) and disconnecting.
import crypto from "node:crypto";
import { startCall } from "@articulate/calls";
import { decryptSecret, platformDb } from "@articulate/db";
import { type GoogleFake, startGoogleFake } from "@articulate/testing/google";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bookAppointment,
  bookingTools,
  CalendarConnectError,
  CalendarUnavailableError,
  cancelBooking,
  checkAvailability,
  chooseGoogleCalendars,
  completeGoogleConnect,
  createAppointmentType,
  disconnectGoogle,
  type GoogleOAuthConfig,
  googleConsentUrl,
  instantAt,
  listGoogleCalendars,
  rescheduleBooking,
  verifyConnectState,
} from "../src/index";

const TZ = "Australia/Sydney";
const hours = { open: "09:00", close: "17:00" };
const NOW = instantAt("2026-11-30", 8 * 60, TZ)!;
const at = (date: string, hhmm: string) => instantAt(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)), TZ)!;
const REDIRECT = "http://127.0.0.1:3000/api/integrations/google/callback";
const caller = { callerName: "Mia Nguyen", callerPhone: "0412 345 678" };

let fake: GoogleFake;
let cfg: GoogleOAuthConfig;
const saved = { ...process.env };

beforeAll(async () => {
  fake = await startGoogleFake({
    email: "reception@smile.example",
    calendars: [{ id: "team@group", summary: "Team" }],
  });
  cfg = { clientId: fake.clientId, clientSecret: fake.clientSecret, apiBaseUrl: fake.url };
  // The booking functions read the operator's configuration from the environment.
  process.env.GOOGLE_CALENDAR_CLIENT_ID = fake.clientId;
  process.env.GOOGLE_CALENDAR_CLIENT_SECRET = fake.clientSecret;
  process.env.GOOGLE_API_BASE_URL = fake.url;
});

afterAll(async () => {
  process.env = saved;
  await fake.close();
});

async function practice(label: string) {
  const suffix = crypto.randomBytes(5).toString("hex");
  const tenant = await platformDb().tenant.create({ data: { slug: `${label}-${suffix}`, name: `${label} ${suffix}` } });
  const user = await platformDb().user.create({ data: { email: `${label}-${suffix}@example.com` } });
  const agent = await platformDb().agent.create({
    data: {
      tenantId: tenant.id,
      name: "Reception",
      greeting: "Hello",
      instructions: "Be helpful.",
      timezone: TZ,
      holidayRegion: "AU-NSW",
      businessHours: { mon: [hours], tue: [hours], wed: [hours], thu: [hours], fri: [hours] },
    },
  });
  const type = await createAppointmentType(tenant.id, {
    name: "Check-up and clean",
    agentId: agent.id,
    durationMinutes: 45,
    bufferMinutes: 15,
    minNoticeMinutes: 60,
  });
  return { tenant, user, agent, type };
}

/** Walks the consent screen as a browser would: follow Google's redirect back to us. */
async function consent(url: string): Promise<URL> {
  const res = await fetch(url, { redirect: "manual" });
  expect(res.status).toBe(302);
  return new URL(res.headers.get("location") ?? "");
}

async function connected(label: string) {
  const p = await practice(label);
  const { url, nonce } = googleConsentUrl(cfg, { tenantId: p.tenant.id, userId: p.user.id, redirectUri: REDIRECT });
  const back = await consent(url);
  const { tenantId } = verifyConnectState(back.searchParams.get("state") ?? "", { userId: p.user.id, nonce });
  await completeGoogleConnect(cfg, { tenantId, code: back.searchParams.get("code") ?? "", redirectUri: REDIRECT });
  return p;
}

const row = (tenantId: string) => platformDb().bookingCalendar.findUniqueOrThrow({ where: { tenantId } });

describe("Google Calendar", () => {
  it("connects with a sealed state, stores the tokens encrypted, and reads the account's calendars", async () => {
    const p = await practice("g-connect");
    const { url, nonce } = googleConsentUrl(cfg, { tenantId: p.tenant.id, userId: p.user.id, redirectUri: REDIRECT });
    const consentUrl = new URL(url);
    expect(consentUrl.origin).toBe(fake.url);
    expect(consentUrl.searchParams.get("access_type")).toBe("offline");
    expect(consentUrl.searchParams.get("state")).not.toContain(p.tenant.id); // sealed, not readable

    const back = await consent(url);
    const state = back.searchParams.get("state") ?? "";
    // Someone else's browser (no nonce, or another user) can't finish it; a forged or stale state neither.
    expect(() => verifyConnectState(state, { userId: p.user.id, nonce: null })).toThrow(CalendarConnectError);
    expect(() => verifyConnectState(state, { userId: "someone-else", nonce })).toThrow(CalendarConnectError);
    expect(() => verifyConnectState(`${state}x`, { userId: p.user.id, nonce })).toThrow(CalendarConnectError);
    expect(() => verifyConnectState(state, { userId: p.user.id, nonce }, new Date(Date.now() + 11 * 60_000))).toThrow(
      /too long/,
    );
    const { tenantId } = verifyConnectState(state, { userId: p.user.id, nonce });
    expect(tenantId).toBe(p.tenant.id);

    const code = back.searchParams.get("code") ?? "";
    expect(await completeGoogleConnect(cfg, { tenantId, code, redirectUri: REDIRECT })).toEqual({
      email: "reception@smile.example",
    });
    // A code is good once.
    await expect(completeGoogleConnect(cfg, { tenantId, code, redirectUri: REDIRECT })).rejects.toThrow(
      /invalid_grant/,
    );

    const r = await row(p.tenant.id);
    expect(r).toMatchObject({
      provider: "GOOGLE",
      googleEmail: "reception@smile.example",
      googleCalendarId: "reception@smile.example",
      googleBusyCalendarIds: ["reception@smile.example"],
      connectionError: null,
    });
    expect(r.googleRefreshToken).toMatch(/^v1\./);
    expect(r.googleAccessToken).toMatch(/^v1\./);
    expect(decryptSecret(r.googleRefreshToken!)).toMatch(/^1\/\//);
    expect(decryptSecret(r.googleAccessToken!)).toMatch(/^ya29\./);

    expect(await listGoogleCalendars(cfg, p.tenant.id)).toEqual([
      { id: "reception@smile.example", name: "reception@smile.example", primary: true },
      { id: "team@group", name: "Team", primary: false },
    ]);
    await chooseGoogleCalendars(cfg, p.tenant.id, {
      eventsCalendarId: "reception@smile.example",
      busyCalendarIds: ["team@group"],
    });
    expect((await row(p.tenant.id)).googleBusyCalendarIds).toEqual(["reception@smile.example", "team@group"]);
    await expect(
      chooseGoogleCalendars(cfg, p.tenant.id, { eventsCalendarId: "not-mine@group", busyCalendarIds: [] }),
    ).rejects.toThrow(CalendarConnectError);
  });

  it("a refused consent comes back with an error and no code", async () => {
    const p = await practice("g-deny");
    fake.denyNextConsent();
    const { url } = googleConsentUrl(cfg, { tenantId: p.tenant.id, userId: p.user.id, redirectUri: REDIRECT });
    const back = await consent(url);
    expect(back.searchParams.get("error")).toBe("access_denied");
    expect(back.searchParams.get("code")).toBeNull();
  });

  it("busy times in the chosen Google calendars block availability", async () => {
    const p = await connected("g-busy");
    await chooseGoogleCalendars(cfg, p.tenant.id, {
      eventsCalendarId: "reception@smile.example",
      busyCalendarIds: ["team@group"],
    });
    fake.addEvent("reception@smile.example", at("2026-12-01", "09:00"), at("2026-12-01", "10:00"), "Dentist away");
    fake.addEvent("team@group", at("2026-12-01", "13:00"), at("2026-12-01", "13:30"), "Staff meeting");
    const a = await checkAvailability(
      { tenantId: p.tenant.id, appointmentTypeId: p.type.id, fromDate: "2026-12-01" },
      NOW,
    );
    const starts = a.slots.map((s) => s.start.getTime());
    expect(starts).not.toContain(at("2026-12-01", "09:00").getTime());
    expect(starts).not.toContain(at("2026-12-01", "09:45").getTime());
    expect(starts).toContain(at("2026-12-01", "10:00").getTime());
    // 12:30 would run (45 min + 15 gap) into the 13:00 meeting; 12:00 ends its gap at 13:00.
    expect(starts).toContain(at("2026-12-01", "12:00").getTime());
    expect(starts).not.toContain(at("2026-12-01", "12:30").getTime());
    expect(starts).not.toContain(at("2026-12-01", "13:00").getTime());
    expect(starts).toContain(at("2026-12-01", "13:30").getTime());

    // Booking into a time Google says is busy is refused with other options.
    await expect(
      bookAppointment(
        {
          tenantId: p.tenant.id,
          appointmentTypeId: p.type.id,
          start: at("2026-12-01", "09:15"),
          ...caller,
          source: "AGENT",
        },
        NOW,
      ),
    ).rejects.toMatchObject({ bookingCode: "slot_taken" });
  });

  it("keeps an event per booking: insert on book, patch on reschedule, delete on cancel", async () => {
    const p = await connected("g-events");
    const booking = await bookAppointment(
      {
        tenantId: p.tenant.id,
        appointmentTypeId: p.type.id,
        start: at("2026-12-02", "10:00"),
        ...caller,
        reason: "Sore tooth",
        source: "AGENT",
      },
      NOW,
    );
    expect(booking.externalId).toMatch(/^[0-9a-f]{32}$/);
    const [event] = fake.eventsOn("reception@smile.example").filter((e) => e.id === booking.externalId);
    expect(event).toMatchObject({
      status: "confirmed",
      summary: "Check-up and clean: Mia Nguyen",
      start: { dateTime: at("2026-12-02", "10:00").toISOString(), timeZone: TZ },
      end: { dateTime: at("2026-12-02", "10:45").toISOString(), timeZone: TZ },
    });
    expect(event?.description).toContain("Phone: +61412345678");
    expect(event?.description).toContain("Reason: Sore tooth");

    // Its own event doesn't stop it moving 15 minutes later (overlapping its old time).
    const moved = await rescheduleBooking(
      {
        tenantId: p.tenant.id,
        bookingId: booking.id,
        callerPhone: caller.callerPhone,
        start: at("2026-12-02", "10:15"),
      },
      NOW,
    );
    expect(moved.externalId).toBe(booking.externalId);
    const afterMove = fake.eventsOn("reception@smile.example").find((e) => e.id === booking.externalId);
    expect(afterMove).toMatchObject({ start: { dateTime: at("2026-12-02", "10:15").toISOString() }, sequence: 1 });

    await cancelBooking({ tenantId: p.tenant.id, bookingId: booking.id }, NOW);
    expect(fake.eventsOn("reception@smile.example").find((e) => e.id === booking.externalId)?.status).toBe("cancelled");
    expect((await row(p.tenant.id)).lastSyncAt).not.toBeNull();
  });

  it("puts back an event someone deleted in Google when the booking moves", async () => {
    const p = await connected("g-recreate");
    const booking = await bookAppointment(
      {
        tenantId: p.tenant.id,
        appointmentTypeId: p.type.id,
        start: at("2026-12-03", "11:00"),
        ...caller,
        source: "AGENT",
      },
      NOW,
    );
    const res = await fetch(
      `${fake.url}/calendar/v3/calendars/reception%40smile.example/events/${booking.externalId}`,
      {
        method: "DELETE",
        headers: { authorization: `Bearer ${decryptSecret((await row(p.tenant.id)).googleAccessToken!)}` },
      },
    );
    expect(res.status).toBe(204);
    const moved = await rescheduleBooking(
      { tenantId: p.tenant.id, bookingId: booking.id, start: at("2026-12-03", "14:00") },
      NOW,
    );
    expect(moved.externalId).not.toBe(booking.externalId);
    expect(fake.eventsOn("reception@smile.example").find((e) => e.id === moved.externalId)?.status).toBe("confirmed");
  });

  it("refreshes an expired access token and stores the new one encrypted", async () => {
    const p = await connected("g-refresh");
    const before = decryptSecret((await row(p.tenant.id)).googleAccessToken!);
    fake.expireAccessTokens();
    const a = await checkAvailability(
      { tenantId: p.tenant.id, appointmentTypeId: p.type.id, fromDate: "2026-12-01" },
      NOW,
    );
    expect(a.slots.length).toBeGreaterThan(0);
    const after = decryptSecret((await row(p.tenant.id)).googleAccessToken!);
    expect(after).not.toBe(before);
    expect(after).toMatch(/^ya29\./);
  });

  it("a retried insert whose first answer was lost gets 409 and makes no second event; a 429 is retried", async () => {
    const p = await connected("g-409");
    const isInsert = (method: string, path: string) => method === "POST" && path.endsWith("/events");
    const seen = fake.requests.length;
    const events = fake.eventsOn("reception@smile.example").length;
    fake.failNext(1, 429); // the free/busy read: rate limited once, then retried
    fake.loseNextResponse(isInsert);
    const booking = await bookAppointment(
      {
        tenantId: p.tenant.id,
        appointmentTypeId: p.type.id,
        start: at("2026-12-04", "11:00"),
        ...caller,
        source: "AGENT",
      },
      NOW,
    );
    const calls = fake.requests.slice(seen).map((r) => `${r.method} ${r.path.split("/").at(-1)} ${r.status}`);
    expect(calls).toEqual(["POST freeBusy 429", "POST freeBusy 200", "POST events 503", "POST events 409"]);
    const mine = fake.eventsOn("reception@smile.example");
    expect(mine).toHaveLength(events + 1);
    expect(mine.at(-1)?.id).toBe(booking.externalId);
  });

  it("a revoked grant breaks the connection: calls take messages, and Google isn't asked again", async () => {
    const p = await connected("g-revoked");
    fake.revokeAccess("reception@smile.example");
    fake.expireAccessTokens();
    await expect(
      checkAvailability({ tenantId: p.tenant.id, appointmentTypeId: p.type.id, fromDate: "2026-12-01" }, NOW),
    ).rejects.toThrow(CalendarUnavailableError);
    const r = await row(p.tenant.id);
    expect(r.connectionBrokenAt).not.toBeNull();
    expect(r.connectionError).toMatch(/stopped accepting our access/);

    const asked = fake.requests.length;
    const call = await startCall({
      tenantId: p.tenant.id,
      roomName: `call_${p.tenant.id}`,
      direction: "INBOUND",
      fromNumber: "+61412345678",
      toNumber: "+61255504477",
      agentId: p.agent.id,
    });
    const tools = bookingTools({
      tenantId: p.tenant.id,
      agentId: p.agent.id,
      callId: call.id,
      callerNumber: "+61412345678",
      timeZone: TZ,
      now: () => NOW,
    });
    expect(await tools.check_availability.execute({ appointmentType: "clean", fromDate: "2026-12-01" })).toMatch(
      /take a message/,
    );
    expect(
      await tools.book_appointment.execute({
        appointmentType: "clean",
        start: at("2026-12-01", "10:00").toISOString(),
        callerName: "Mia",
        confirmedWithCaller: true,
      }),
    ).toMatch(/passed on as a message/);
    const message = await platformDb().message.findFirstOrThrow({ where: { tenantId: p.tenant.id } });
    expect(message.reason).toContain("Booking request: Check-up and clean");
    expect(fake.requests.length).toBe(asked); // broken: no more calls to Google
    expect(await platformDb().booking.count({ where: { tenantId: p.tenant.id } })).toBe(0);

    // Reconnecting clears the error.
    fake.addAccount("reception@smile.example");
    const { url, nonce } = googleConsentUrl(cfg, { tenantId: p.tenant.id, userId: p.user.id, redirectUri: REDIRECT });
    const back = await consent(url);
    verifyConnectState(back.searchParams.get("state") ?? "", { userId: p.user.id, nonce });
    await completeGoogleConnect(cfg, {
      tenantId: p.tenant.id,
      code: back.searchParams.get("code") ?? "",
      redirectUri: REDIRECT,
    });
    expect(await row(p.tenant.id)).toMatchObject({ connectionError: null, connectionBrokenAt: null });
  });

  it("disconnecting revokes the grant at Google and forgets the tokens", async () => {
    const p = await connected("g-disconnect");
    const active = fake.activeRefreshTokens();
    await disconnectGoogle(cfg, p.tenant.id);
    expect(fake.activeRefreshTokens()).toBe(active - 1);
    expect(await row(p.tenant.id)).toMatchObject({
      provider: "BUILT_IN",
      googleAccessToken: null,
      googleRefreshToken: null,
      googleEmail: null,
    });
    // Back on the built-in calendar: bookings work without Google.
    const asked = fake.requests.length;
    await bookAppointment(
      {
        tenantId: p.tenant.id,
        appointmentTypeId: p.type.id,
        start: at("2026-12-01", "10:00"),
        ...caller,
        source: "AGENT",
      },
      NOW,
    );
    expect(fake.requests.length).toBe(asked);
  });

  it("concurrent bookings at one slot: one booking and one Google event", async () => {
    const p = await connected("g-race");
    const start = at("2026-12-07", "09:00");
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, n) =>
        bookAppointment(
          {
            tenantId: p.tenant.id,
            appointmentTypeId: p.type.id,
            start,
            callerName: `Caller ${n}`,
            callerPhone: `04123456${String(10 + n)}`,
            source: "AGENT",
          },
          NOW,
        ),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const events = fake
      .eventsOn("reception@smile.example")
      .filter((e) => e.status === "confirmed" && e.start.dateTime === start.toISOString());
    expect(events).toHaveLength(1);
  });
});
