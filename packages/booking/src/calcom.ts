// Cal.com as a business's calendar, through its API v2 (plain fetch against
// the documented endpoints): an API key per business (stored encrypted), each
// appointment type linked to a Cal.com event type of the same length.
//  - Availability: our rules (hours, notice, buffers, our bookings) and the
//    starts Cal.com's `GET /v2/slots` offers for the event type, both.
//  - Book `POST /v2/bookings`, reschedule `POST /v2/bookings/{uid}/reschedule`
//    (Cal.com answers with a new booking uid), cancel `…/{uid}/cancel`.
//  - Every call sends `Authorization: Bearer <key>` and the `cal-api-version`
//    its endpoint family is pinned to. A refused key (401) marks the connection
//    broken (calls take messages); Cal.com saying a time isn't available is
//    "slot taken" with other options; a 429 is retried.
// Attendee e-mail: Cal.com requires one and phone callers rarely give theirs,
// so bookings carry the business's own Cal.com e-mail plus the caller's phone.
import crypto from "node:crypto";
import { calendarEnv } from "@articulate/config";
import { DomainError } from "@articulate/core";
import { type BookingCalendarModel, decryptSecret, encryptSecret, forTenant } from "@articulate/db";
import { BookingError } from "./errors";
import {
  CalendarUnavailableError,
  type ExternalCalendar,
  markConnectionBroken,
  type ProviderBooking,
} from "./external";

export const CALCOM_API_VERSIONS = { slots: "2024-09-04", bookings: "2024-08-13", eventTypes: "2024-06-14" } as const;
const TIMEOUT_MS = 4_000;
const RETRIES = 2;

export interface CalcomConfig {
  /** https://api.cal.com, or a self-hosted Cal.com's API origin. */
  baseUrl: string;
}

/** Cal.com's API origin from the environment (parsed by @articulate/config's calendarEnv). */
export function calcomConfigFromEnv(source?: Record<string, string | undefined>): CalcomConfig {
  const env = calendarEnv(source);
  return { baseUrl: (env.CALCOM_API_BASE_URL || "https://api.cal.com").replace(/\/$/, "") };
}

/** A key Cal.com refused, an event type that isn't there: the owner's to fix. */
export class CalcomSetupError extends DomainError {
  constructor(message: string) {
    super("calendar_connect_failed", message);
  }
}

class CalcomHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const BROKEN_MESSAGE =
  "Cal.com stopped accepting the API key (it was deleted or expired). Until you enter a new one, your receptionist takes booking requests as messages.";

async function calcomRequest<T>(
  cfg: CalcomConfig,
  apiKey: string,
  method: "GET" | "POST",
  path: string,
  opts: { version?: string; query?: Record<string, string>; body?: unknown } = {},
): Promise<T> {
  const url = new URL(`${cfg.baseUrl}${path}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          ...(opts.version ? { "cal-api-version": opts.version } : {}),
          ...(opts.body !== undefined ? { "content-type": "application/json" } : {}),
        },
        ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new CalendarUnavailableError("Cal.com didn't answer.", { cause: err });
    }
    // A 429 was refused before doing anything, so even a booking may be retried.
    if (res.status === 429 && attempt < RETRIES) {
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      continue;
    }
    const json = (await res.json().catch(() => null)) as {
      status?: string;
      data?: T;
      error?: { code?: string; message?: string };
    } | null;
    if (res.ok && json?.status === "success") return json.data as T;
    throw new CalcomHttpError(res.status, json?.error?.code ?? "Unknown", json?.error?.message ?? res.statusText);
  }
}

// ---------------------------------------------------------------- connecting

/** Checks the key with Cal.com and stores it (encrypted) as the business's calendar. */
export async function connectCalcom(
  cfg: CalcomConfig,
  tenantId: string,
  apiKey: string,
  now = new Date(),
): Promise<{ email: string }> {
  const key = apiKey.trim();
  if (!/^cal_(live|test)_[A-Za-z0-9]+$/.test(key))
    throw new CalcomSetupError("That isn't a Cal.com API key (they start with cal_live_).");
  let me: { email?: string };
  try {
    me = await calcomRequest<{ email?: string }>(cfg, key, "GET", "/v2/me");
  } catch (err) {
    if (err instanceof CalcomHttpError && err.status === 401)
      throw new CalcomSetupError("Cal.com didn't accept that API key.");
    throw new CalcomSetupError("Cal.com didn't answer. Try again in a minute.");
  }
  if (!me.email) throw new CalcomSetupError("Cal.com didn't say which account that key belongs to.");
  const current = await forTenant(tenantId).bookingCalendar.findFirst({
    where: { tenantId },
    select: { provider: true },
  });
  if (current?.provider === "GOOGLE") throw new CalcomSetupError("Disconnect Google Calendar first.");
  await forTenant(tenantId).bookingCalendar.upsert({
    where: { tenantId },
    create: { tenantId, feedSecret: crypto.randomBytes(32).toString("base64url") },
    update: {},
  });
  await forTenant(tenantId).bookingCalendar.update({
    where: { tenantId },
    data: {
      provider: "CALCOM",
      calcomApiKey: encryptSecret(key),
      calcomEmail: me.email,
      connectedAt: now,
      lastSyncAt: now,
      connectionError: null,
      connectionBrokenAt: null,
      brokenNoticePending: false,
    },
  });
  return { email: me.email };
}

export async function disconnectCalcom(tenantId: string): Promise<void> {
  await forTenant(tenantId).bookingCalendar.updateMany({
    where: { tenantId, provider: "CALCOM" },
    data: {
      provider: "BUILT_IN",
      calcomApiKey: null,
      calcomEmail: null,
      connectedAt: null,
      connectionError: null,
      connectionBrokenAt: null,
      brokenNoticePending: false,
    },
  });
}

async function storedKey(tenantId: string): Promise<string> {
  const row = await forTenant(tenantId).bookingCalendar.findFirst({ where: { tenantId } });
  if (row?.provider !== "CALCOM" || !row.calcomApiKey) throw new CalcomSetupError("Cal.com isn't connected.");
  return decryptSecret(row.calcomApiKey);
}

export interface CalcomEventType {
  id: number;
  title: string;
  lengthInMinutes: number;
}

export async function listCalcomEventTypes(cfg: CalcomConfig, tenantId: string): Promise<CalcomEventType[]> {
  try {
    const data = await calcomRequest<Array<{ id: number; title: string; lengthInMinutes: number }>>(
      cfg,
      await storedKey(tenantId),
      "GET",
      "/v2/event-types",
      { version: CALCOM_API_VERSIONS.eventTypes },
    );
    return data.map((t) => ({ id: t.id, title: t.title, lengthInMinutes: t.lengthInMinutes }));
  } catch (err) {
    if (err instanceof CalcomSetupError) throw err;
    throw new CalendarUnavailableError("Cal.com didn't list the event types.", { cause: err });
  }
}

/** Links an appointment type to a Cal.com event type of the same length (null unlinks). */
export async function linkCalcomEventType(
  cfg: CalcomConfig,
  tenantId: string,
  appointmentTypeId: string,
  eventTypeId: number | null,
): Promise<void> {
  const type = await forTenant(tenantId).appointmentType.findFirst({ where: { tenantId, id: appointmentTypeId } });
  if (!type) throw new BookingError("unknown_appointment_type", "That appointment type wasn't found.");
  if (eventTypeId !== null) {
    const match = (await listCalcomEventTypes(cfg, tenantId)).find((t) => t.id === eventTypeId);
    if (!match) throw new CalcomSetupError("That event type isn't in the connected Cal.com account.");
    if (match.lengthInMinutes !== type.durationMinutes)
      throw new CalcomSetupError(
        `"${match.title}" is ${match.lengthInMinutes} minutes in Cal.com; ${type.name} is ${type.durationMinutes}. Make them the same length.`,
      );
  }
  await forTenant(tenantId).appointmentType.update({
    where: { tenantId, id: appointmentTypeId },
    data: { calcomEventTypeId: eventTypeId },
  });
}

// ---------------------------------------------------------------- operations

interface CalcomBookingData {
  uid: string;
}

export function calcomCalendar(cfg: CalcomConfig, row: BookingCalendarModel): ExternalCalendar {
  const tenantId = row.tenantId;
  if (row.connectionBrokenAt) throw new CalendarUnavailableError(row.connectionError ?? BROKEN_MESSAGE);
  if (!row.calcomApiKey || !row.calcomEmail)
    throw new CalendarUnavailableError("Cal.com isn't fully connected. Enter the API key again.");
  const apiKey = decryptSecret(row.calcomApiKey);
  const attendeeEmail = row.calcomEmail;

  async function call<T>(work: () => Promise<T>, tolerate: (e: CalcomHttpError) => boolean = () => false) {
    try {
      const out = await work();
      await touch();
      return out;
    } catch (err) {
      if (!(err instanceof CalcomHttpError)) throw err;
      if (tolerate(err)) return null;
      if (err.status === 401) {
        await markConnectionBroken(tenantId, BROKEN_MESSAGE);
        throw new CalendarUnavailableError(BROKEN_MESSAGE, { cause: err });
      }
      if (err.status === 400 && /not available|already has booking/i.test(err.message))
        throw new BookingError("slot_taken", "That time has just been taken.");
      throw new CalendarUnavailableError(`Cal.com refused the request (${err.code}).`, { cause: err });
    }
  }

  let lastSync = row.lastSyncAt?.getTime() ?? 0;
  async function touch() {
    if (Date.now() - lastSync < 60_000) return;
    lastSync = Date.now();
    await forTenant(tenantId).bookingCalendar.update({ where: { tenantId }, data: { lastSyncAt: new Date() } });
  }

  const eventTypeOf = (id: number | null): number => {
    if (id === null)
      throw new CalendarUnavailableError(
        "This appointment type isn't linked to a Cal.com event type. Link it on the Bookings page.",
      );
    return id;
  };

  async function create(b: ProviderBooking): Promise<string> {
    const data = await call(() =>
      calcomRequest<CalcomBookingData>(cfg, apiKey, "POST", "/v2/bookings", {
        version: CALCOM_API_VERSIONS.bookings,
        body: {
          start: b.startsAt.toISOString(),
          eventTypeId: eventTypeOf(b.externalTypeId),
          attendee: { name: b.callerName, email: attendeeEmail, timeZone: b.timeZone, phoneNumber: b.callerPhone },
          bookingFieldsResponses: { ...(b.reason ? { notes: b.reason } : {}), attendeePhoneNumber: b.callerPhone },
          metadata: { source: "articulate" },
        },
      }),
    );
    if (!data?.uid) throw new CalendarUnavailableError("Cal.com didn't return the booking.");
    return data.uid;
  }

  const gone = (e: CalcomHttpError) =>
    e.status === 404 || (e.status === 400 && /already been cancelled/i.test(e.message));

  return {
    provider: "CALCOM",
    async busy() {
      // Cal.com decides availability itself: see freeStarts.
      return [];
    },
    async freeStarts(externalTypeId, from, to, timeZone) {
      const data = await call(() =>
        calcomRequest<Record<string, Array<{ start: string }>>>(cfg, apiKey, "GET", "/v2/slots", {
          version: CALCOM_API_VERSIONS.slots,
          query: {
            eventTypeId: String(eventTypeOf(externalTypeId)),
            start: from.toISOString(),
            end: to.toISOString(),
            timeZone,
          },
        }),
      );
      const out = new Set<number>();
      for (const day of Object.values(data ?? {})) for (const s of day) out.add(Date.parse(s.start));
      return out;
    },
    create,
    async move(externalId, b) {
      if (externalId) {
        const data = await call(
          () =>
            calcomRequest<CalcomBookingData>(
              cfg,
              apiKey,
              "POST",
              `/v2/bookings/${encodeURIComponent(externalId)}/reschedule`,
              {
                version: CALCOM_API_VERSIONS.bookings,
                body: { start: b.startsAt.toISOString(), reschedulingReason: "Moved by the receptionist" },
              },
            ),
          gone,
        );
        if (data?.uid) return data.uid;
      }
      return create(b);
    },
    async cancel(externalId) {
      if (!externalId) return;
      await call(
        () =>
          calcomRequest(cfg, apiKey, "POST", `/v2/bookings/${encodeURIComponent(externalId)}/cancel`, {
            version: CALCOM_API_VERSIONS.bookings,
            body: { cancellationReason: "Cancelled through the receptionist" },
          }),
        gone,
      );
    },
  };
}
