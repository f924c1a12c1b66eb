// Google Calendar as a business's calendar, through Google's own client
// libraries (google-auth-library for OAuth, @googleapis/calendar for the API).
//
//  - Connect: the owner is sent to Google's consent screen with a `state` that
//    is the tenant, the user, an expiry and a nonce, sealed with the secrets
//    helper (AES-GCM: unforgeable and unreadable); the nonce also sits in a
//    cookie of the owner's browser, so a code can't be replayed into someone
//    else's session. The callback exchanges the code; tokens are stored
//    encrypted, never in the clear.
//  - Refresh: the client refreshes an expired access token (or after a 401)
//    with the stored refresh token; a new access token is stored encrypted.
//  - Revoked or expired grant (invalid_grant): the connection is marked broken
//    with an owner-language reason; until it is reconnected, availability and
//    bookings answer "calendar unavailable" at once (calls take messages).
//  - Busy times: freeBusy.query over the chosen calendars, merged with our own
//    bookings. Events: insert with our own id (a retried insert that already
//    landed answers 409 duplicate: it is ours, not a second event), patch on
//    reschedule, delete on cancel (404/410: already gone).
import crypto from "node:crypto";
import { calendarEnv } from "@articulate/config";
import { DomainError } from "@articulate/core";
import { type BookingCalendarModel, decryptSecret, encryptSecret, forTenant } from "@articulate/db";
import { calendar, type calendar_v3 } from "@googleapis/calendar";
import { type Credentials, OAuth2Client } from "google-auth-library";
import type { BusyInterval } from "./availability";
import {
  CalendarUnavailableError,
  type ExternalCalendar,
  markConnectionBroken,
  type ProviderBooking,
} from "./external";

export const GOOGLE_CALENDAR_SCOPES = [
  "https://www.googleapis.com/auth/calendar.events",
  "https://www.googleapis.com/auth/calendar.freebusy",
  "https://www.googleapis.com/auth/calendar.calendarlist.readonly",
];
const STATE_TTL_MS = 10 * 60_000;
/** lastSyncAt is written at most this often (availability reads are frequent). */
const SYNC_STAMP_MS = 60_000;

export interface GoogleOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Only for local fakes: one origin standing in for Google's OAuth and API hosts. */
  apiBaseUrl?: string;
}

/** The OAuth client the platform operator registered with Google, or null when Google Calendar is not offered. */
export function googleConfigFromEnv(source?: Record<string, string | undefined>): GoogleOAuthConfig | null {
  const env = calendarEnv(source);
  const clientId = env.GOOGLE_CALENDAR_CLIENT_ID || env.AUTH_GOOGLE_ID;
  const clientSecret = env.GOOGLE_CALENDAR_CLIENT_SECRET || env.AUTH_GOOGLE_SECRET;
  if (!clientId || !clientSecret) return null;
  return { clientId, clientSecret, ...(env.GOOGLE_API_BASE_URL ? { apiBaseUrl: env.GOOGLE_API_BASE_URL } : {}) };
}

/** A connect attempt that can't be completed (bad or stale state, refused consent). */
export class CalendarConnectError extends DomainError {
  constructor(message: string) {
    super("calendar_connect_failed", message);
  }
}

function oauthClient(cfg: GoogleOAuthConfig, redirectUri?: string): OAuth2Client {
  const base = cfg.apiBaseUrl?.replace(/\/$/, "");
  return new OAuth2Client({
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    // A 401 on a token we think is still valid (revoked early, clock skew): refresh once and retry.
    forceRefreshOnFailure: true,
    ...(redirectUri ? { redirectUri } : {}),
    ...(base
      ? {
          endpoints: {
            oauth2AuthBaseUrl: `${base}/o/oauth2/v2/auth`,
            oauth2TokenUrl: `${base}/token`,
            oauth2RevokeUrl: `${base}/revoke`,
          },
        }
      : {}),
  });
}

function calendarApi(cfg: GoogleOAuthConfig, auth: OAuth2Client): calendar_v3.Calendar {
  return calendar({
    version: "v3",
    auth,
    ...(cfg.apiBaseUrl ? { rootUrl: `${cfg.apiBaseUrl.replace(/\/$/, "")}/` } : {}),
    // Rate limits and Google's 5xx are retried, POSTs included: our inserts carry
    // their own event id, so a retry that finds it already made gets 409.
    retryConfig: {
      retry: 2,
      retryDelay: 200,
      httpMethodsToRetry: ["GET", "POST", "PATCH", "DELETE"],
      statusCodesToRetry: [
        [429, 429],
        [500, 599],
      ],
    },
  });
}

// ---------------------------------------------------------------- connecting

interface ConnectState {
  t: string; // tenant
  u: string; // user
  n: string; // nonce, also in the owner's cookie
  e: number; // expiry (ms)
}

/** The consent URL to send the owner to, and the nonce to set in their browser (httpOnly cookie). */
export function googleConsentUrl(
  cfg: GoogleOAuthConfig,
  input: { tenantId: string; userId: string; redirectUri: string },
  now = new Date(),
): { url: string; nonce: string } {
  const nonce = crypto.randomBytes(16).toString("base64url");
  const state: ConnectState = { t: input.tenantId, u: input.userId, n: nonce, e: now.getTime() + STATE_TTL_MS };
  const url = oauthClient(cfg, input.redirectUri).generateAuthUrl({
    access_type: "offline",
    // Always ask again, so Google always returns a refresh token (also on a reconnect).
    prompt: "consent",
    include_granted_scopes: true,
    scope: GOOGLE_CALENDAR_SCOPES,
    state: encryptSecret(JSON.stringify(state)),
  });
  return { url, nonce };
}

/**
 * The tenant a callback's state was issued for, once it is proven to be ours,
 * fresh, for this signed-in user and this browser. The caller still checks the
 * user may manage that business.
 */
export function verifyConnectState(
  state: string,
  input: { userId: string; nonce: string | null },
  now = new Date(),
): { tenantId: string } {
  let parsed: ConnectState;
  try {
    parsed = JSON.parse(decryptSecret(state)) as ConnectState;
  } catch {
    throw new CalendarConnectError("That link to Google wasn't issued by us. Start connecting again.");
  }
  if (typeof parsed.e !== "number" || parsed.e < now.getTime())
    throw new CalendarConnectError("Connecting took too long. Start again.");
  if (parsed.u !== input.userId || !input.nonce || parsed.n !== input.nonce)
    throw new CalendarConnectError("Connecting must be finished in the browser that started it. Start again.");
  return { tenantId: parsed.t };
}

async function calendarRow(tenantId: string): Promise<BookingCalendarModel> {
  return forTenant(tenantId).bookingCalendar.upsert({
    where: { tenantId },
    create: { tenantId, feedSecret: crypto.randomBytes(32).toString("base64url") },
    update: {},
  });
}

/** Exchanges the code, finds the account's primary calendar, and stores the connection (tokens encrypted). */
export async function completeGoogleConnect(
  cfg: GoogleOAuthConfig,
  input: { tenantId: string; code: string; redirectUri: string },
  now = new Date(),
): Promise<{ email: string }> {
  const client = oauthClient(cfg, input.redirectUri);
  let tokens: Credentials;
  try {
    ({ tokens } = await client.getToken(input.code));
  } catch (err) {
    throw new CalendarConnectError(`Google didn't accept the sign-in (${googleReason(err)}). Start again.`);
  }
  if (!tokens.access_token || !tokens.refresh_token)
    throw new CalendarConnectError("Google didn't give lasting access to the calendar. Start again and allow access.");
  client.setCredentials(tokens);
  const list = await calendarApi(cfg, client).calendarList.list({ minAccessRole: "writer" });
  const primary = list.data.items?.find((c) => c.primary);
  if (!primary?.id) throw new CalendarConnectError("That Google account has no calendar we can write to.");
  const current = await calendarRow(input.tenantId);
  if (current.provider === "CALCOM") throw new CalendarConnectError("Disconnect Cal.com first.");
  await forTenant(input.tenantId).bookingCalendar.update({
    where: { tenantId: input.tenantId },
    data: {
      provider: "GOOGLE",
      googleEmail: primary.id,
      googleCalendarId: primary.id,
      googleBusyCalendarIds: [primary.id],
      googleAccessToken: encryptSecret(tokens.access_token),
      googleRefreshToken: encryptSecret(tokens.refresh_token),
      googleTokenExpiresAt: tokens.expiry_date ? new Date(tokens.expiry_date) : null,
      connectedAt: now,
      lastSyncAt: now,
      connectionError: null,
      connectionBrokenAt: null,
      brokenNoticePending: false,
    },
  });
  return { email: primary.id };
}

/** Stops using Google: revokes our access there (best effort) and forgets the tokens. */
export async function disconnectGoogle(cfg: GoogleOAuthConfig | null, tenantId: string): Promise<void> {
  const row = await forTenant(tenantId).bookingCalendar.findFirst({ where: { tenantId } });
  if (!row) return;
  if (cfg && row.googleRefreshToken) {
    try {
      await oauthClient(cfg).revokeToken(decryptSecret(row.googleRefreshToken));
    } catch {
      // Already revoked at Google, or Google unreachable: forgetting the token here is what matters.
    }
  }
  await forTenant(tenantId).bookingCalendar.update({
    where: { tenantId },
    data: {
      provider: "BUILT_IN",
      googleEmail: null,
      googleCalendarId: null,
      googleBusyCalendarIds: [],
      googleAccessToken: null,
      googleRefreshToken: null,
      googleTokenExpiresAt: null,
      connectedAt: null,
      connectionError: null,
      connectionBrokenAt: null,
      brokenNoticePending: false,
    },
  });
}

// ---------------------------------------------------------------- errors

interface GoogleErrorShape {
  status?: number;
  response?: { status?: number; data?: unknown };
  message?: string;
}

function httpStatus(err: unknown): number | undefined {
  const e = err as GoogleErrorShape;
  return e?.response?.status ?? e?.status;
}

/** Google's own reason: "invalid_grant" from OAuth, or errors[0].reason from the API. */
function googleReason(err: unknown): string {
  const data = (err as GoogleErrorShape)?.response?.data as
    | { error?: string | { errors?: Array<{ reason?: string }>; message?: string } }
    | undefined;
  if (typeof data?.error === "string") return data.error;
  return data?.error?.errors?.[0]?.reason ?? (err as Error)?.message ?? "unknown";
}

const BROKEN_MESSAGE =
  "Google Calendar stopped accepting our access (it was disconnected from the Google account, or its password changed). Until you reconnect it, your receptionist takes booking requests as messages.";

// ---------------------------------------------------------------- operations

function eventBody(b: ProviderBooking): calendar_v3.Schema$Event {
  const lines = [`Phone: ${b.callerPhone}`, b.reason ? `Reason: ${b.reason}` : null, "Booked through Articulate."];
  return {
    summary: `${b.appointmentTypeName}: ${b.callerName}`,
    description: lines.filter(Boolean).join("\n"),
    start: { dateTime: b.startsAt.toISOString(), timeZone: b.timeZone },
    end: { dateTime: b.endsAt.toISOString(), timeZone: b.timeZone },
  };
}

/** The Google calendar of a business whose BookingCalendar says GOOGLE. */
export function googleCalendar(cfg: GoogleOAuthConfig | null, row: BookingCalendarModel): ExternalCalendar {
  const tenantId = row.tenantId;
  if (row.connectionBrokenAt) throw new CalendarUnavailableError(row.connectionError ?? BROKEN_MESSAGE);
  if (!cfg) throw new CalendarUnavailableError("Google Calendar isn't set up on this server.");
  if (!row.googleRefreshToken || !row.googleCalendarId)
    throw new CalendarUnavailableError("Google Calendar isn't fully connected. Reconnect it.");
  const calendarId = row.googleCalendarId;
  const busyIds = row.googleBusyCalendarIds.length > 0 ? row.googleBusyCalendarIds : [calendarId];
  const client = oauthClient(cfg);
  const storedAccess = row.googleAccessToken ? decryptSecret(row.googleAccessToken) : null;
  client.setCredentials({
    refresh_token: decryptSecret(row.googleRefreshToken),
    ...(storedAccess ? { access_token: storedAccess } : {}),
    ...(row.googleTokenExpiresAt ? { expiry_date: row.googleTokenExpiresAt.getTime() } : {}),
  });
  const api = calendarApi(cfg, client);
  let lastSync = row.lastSyncAt?.getTime() ?? 0;

  async function afterSuccess(): Promise<void> {
    const c = client.credentials;
    const refreshed = c.access_token && c.access_token !== storedAccess;
    const stale = Date.now() - lastSync > SYNC_STAMP_MS;
    if (!refreshed && !stale) return;
    lastSync = Date.now();
    await forTenant(tenantId).bookingCalendar.update({
      where: { tenantId },
      data: {
        lastSyncAt: new Date(),
        ...(refreshed && c.access_token
          ? {
              googleAccessToken: encryptSecret(c.access_token),
              googleTokenExpiresAt: c.expiry_date ? new Date(c.expiry_date) : null,
            }
          : {}),
      },
    });
  }

  /** Runs one Google call; a dead grant marks the connection broken. */
  async function call<T>(work: () => Promise<T>, tolerate: (status: number | undefined) => boolean = () => false) {
    try {
      const out = await work();
      await afterSuccess();
      return out;
    } catch (err) {
      const status = httpStatus(err);
      if (tolerate(status)) {
        await afterSuccess();
        return null;
      }
      const reason = googleReason(err);
      if (reason === "invalid_grant" || status === 401) {
        await markConnectionBroken(tenantId, BROKEN_MESSAGE);
        throw new CalendarUnavailableError(BROKEN_MESSAGE, { cause: err });
      }
      throw new CalendarUnavailableError(`Google Calendar didn't answer (${reason}).`, { cause: err });
    }
  }

  return {
    provider: "GOOGLE",
    async busy(from, to) {
      const res = await call(() =>
        api.freebusy.query({
          requestBody: { timeMin: from.toISOString(), timeMax: to.toISOString(), items: busyIds.map((id) => ({ id })) },
        }),
      );
      const out: BusyInterval[] = [];
      for (const [id, cal] of Object.entries(res?.data.calendars ?? {})) {
        // A chosen calendar that is gone or unshared can't be read: say so rather than offer times blindly.
        if (cal.errors?.length)
          throw new CalendarUnavailableError(
            `Google Calendar couldn't read the calendar ${id} (${cal.errors[0]?.reason}).`,
          );
        for (const b of cal.busy ?? []) {
          if (b.start && b.end) out.push({ start: new Date(b.start), end: new Date(b.end) });
        }
      }
      return out;
    },
    async create(booking) {
      // base32hex (Google's event-id alphabet) ⊃ hex.
      const id = crypto.randomBytes(16).toString("hex");
      await call(
        () => api.events.insert({ calendarId, requestBody: { id, ...eventBody(booking) } }),
        // 409 duplicate: a retried insert whose first attempt landed; the event is ours.
        (status) => status === 409,
      );
      return id;
    },
    async move(externalId, booking) {
      if (externalId) {
        const res = await call(
          () => api.events.patch({ calendarId, eventId: externalId, requestBody: eventBody(booking) }),
          (status) => status === 404 || status === 410,
        );
        if (res) return externalId;
      }
      // Deleted in Google by someone (or never made): put it back.
      return this.create(booking);
    },
    async cancel(externalId) {
      if (!externalId) return;
      await call(
        () => api.events.delete({ calendarId, eventId: externalId }),
        (status) => status === 404 || status === 410,
      );
    },
  };
}

/** The calendars the connected account can write to, for choosing where events go and what blocks times. */
export async function listGoogleCalendars(
  cfg: GoogleOAuthConfig,
  tenantId: string,
): Promise<Array<{ id: string; name: string; primary: boolean }>> {
  const row = await forTenant(tenantId).bookingCalendar.findFirst({ where: { tenantId } });
  if (row?.provider !== "GOOGLE" || !row.googleRefreshToken) return [];
  const client = oauthClient(cfg);
  client.setCredentials({
    refresh_token: decryptSecret(row.googleRefreshToken),
    ...(row.googleAccessToken ? { access_token: decryptSecret(row.googleAccessToken) } : {}),
    ...(row.googleTokenExpiresAt ? { expiry_date: row.googleTokenExpiresAt.getTime() } : {}),
  });
  try {
    const res = await calendarApi(cfg, client).calendarList.list({ minAccessRole: "writer" });
    return (res.data.items ?? []).flatMap((c) =>
      c.id ? [{ id: c.id, name: c.summaryOverride ?? c.summary ?? c.id, primary: c.primary === true }] : [],
    );
  } catch (err) {
    throw new CalendarUnavailableError(`Google Calendar didn't list the calendars (${googleReason(err)}).`, {
      cause: err,
    });
  }
}

/** Chooses the calendar events go to and the calendars whose busy times block bookings (checked against Google's list). */
export async function chooseGoogleCalendars(
  cfg: GoogleOAuthConfig,
  tenantId: string,
  choice: { eventsCalendarId: string; busyCalendarIds: string[] },
): Promise<void> {
  const known = new Set((await listGoogleCalendars(cfg, tenantId)).map((c) => c.id));
  const wanted = [choice.eventsCalendarId, ...choice.busyCalendarIds];
  const unknown = wanted.find((id) => !known.has(id));
  if (unknown !== undefined) throw new CalendarConnectError("That calendar isn't in the connected Google account.");
  const busy = [...new Set([choice.eventsCalendarId, ...choice.busyCalendarIds])];
  await forTenant(tenantId).bookingCalendar.update({
    where: { tenantId },
    data: { googleCalendarId: choice.eventsCalendarId, googleBusyCalendarIds: busy },
  });
}
