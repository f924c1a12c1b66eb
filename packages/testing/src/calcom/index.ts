// @articulate/testing/calcom: a local Cal.com API v2 fake speaking its wire
// format: `Authorization: Bearer cal_…` API keys, the `cal-api-version` header
// each endpoint family is pinned to (slots 2024-09-04, bookings 2024-08-13,
// event types 2024-06-14), the {status:"success", data} envelope and the
// {status:"error", timestamp, path, error:{code, message}} errors.
//   GET  /v2/me
//   GET  /v2/event-types
//   GET  /v2/slots?eventTypeId&start&end&timeZone   → { data: { "YYYY-MM-DD": [{ start }] } }
//   POST /v2/bookings                                → 201, the booking (uid)
//   POST /v2/bookings/{uid}/reschedule               → 201, a new booking (new uid); the old one is cancelled
//   POST /v2/bookings/{uid}/cancel                   → 200
// Availability is the windows the test opens, less accepted bookings; a start
// that isn't a free slot is refused as Cal.com does (400).
import crypto from "node:crypto";
import { type FakeRequest, type FakeResponse, type RunningServer, serve } from "../carriers/http";

export const CALCOM_VERSIONS = { slots: "2024-09-04", bookings: "2024-08-13", eventTypes: "2024-06-14" } as const;

export interface CalcomFakeOptions {
  apiKey?: string;
  email?: string;
  eventTypes?: Array<{ id: number; title: string; lengthInMinutes: number }>;
}

export interface CalcomBooking {
  id: number;
  uid: string;
  eventTypeId: number;
  start: string;
  end: string;
  status: "accepted" | "cancelled";
  attendee: { name: string; email: string; timeZone: string; phoneNumber?: string };
  bookingFieldsResponses: Record<string, unknown>;
  rescheduledFromUid?: string;
  cancellationReason?: string;
}

/** The instant as Cal.com writes slot starts: local time with the zone's offset ("2026-12-01T09:00:00.000+11:00"). */
function withOffset(at: Date, timeZone: string): string {
  const parts: Record<string, string> = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const n = (k: string) => Number(parts[k] ?? 0);
  const local = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  const offsetMin = Math.round((local - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMin >= 0 ? "+" : "-";
  const abs = Math.abs(offsetMin);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}.000${off}`;
}

export class CalcomFake {
  readonly apiKey: string;
  readonly email: string;
  readonly eventTypes: Array<{ id: number; title: string; lengthInMinutes: number }>;
  private server: RunningServer | null = null;
  private readonly windows: Array<{ start: number; end: number }> = [];
  private readonly bookings = new Map<string, CalcomBooking>();
  private nextId = 1000;
  private failures: number[] = [];
  /** Every request: method, path, status and the version header sent. */
  readonly requests: Array<{ method: string; path: string; status: number; version: string | undefined }> = [];

  constructor(opts: CalcomFakeOptions = {}) {
    this.apiKey = opts.apiKey ?? `cal_test_${crypto.randomBytes(16).toString("hex")}`;
    this.email = opts.email ?? "owner@clinic.example";
    this.eventTypes = opts.eventTypes ?? [{ id: 501, title: "Consultation", lengthInMinutes: 30 }];
  }

  get url(): string {
    if (!this.server) throw new Error("Cal.com fake not started");
    return this.server.url;
  }

  async start(): Promise<this> {
    this.server = await serve(async (req) => {
      const res = await this.route(req);
      const version = req.headers["cal-api-version"];
      this.requests.push({
        method: req.method,
        path: req.url.pathname,
        status: res.status,
        version: Array.isArray(version) ? version[0] : version,
      });
      return res;
    });
    return this;
  }

  async close(): Promise<void> {
    await this.server?.close();
    this.server = null;
  }

  /** The host is available in [start, end). */
  openWindow(start: Date, end: Date): void {
    this.windows.push({ start: start.getTime(), end: end.getTime() });
  }

  /** The next `count` requests fail with this status (429 rate limit, 500). */
  failNext(count: number, status: 429 | 500 = 429): void {
    for (let i = 0; i < count; i++) this.failures.push(status);
  }

  /** A booking made elsewhere (the owner's own booking page). */
  addBooking(eventTypeId: number, start: Date): CalcomBooking {
    return this.create(eventTypeId, start, { name: "Walk-in", email: "walkin@example.com", timeZone: "UTC" }, {});
  }

  allBookings(): CalcomBooking[] {
    return [...this.bookings.values()];
  }

  private error(req: FakeRequest, status: number, code: string, message: string): FakeResponse {
    return {
      status,
      body: {
        status: "error",
        timestamp: new Date().toISOString(),
        path: req.url.pathname + req.url.search,
        error: { code, message },
      },
    };
  }

  private create(
    eventTypeId: number,
    start: Date,
    attendee: CalcomBooking["attendee"],
    fields: Record<string, unknown>,
    rescheduledFromUid?: string,
  ): CalcomBooking {
    const type = this.eventTypes.find((t) => t.id === eventTypeId);
    const length = type?.lengthInMinutes ?? 30;
    const b: CalcomBooking = {
      id: this.nextId++,
      uid: crypto.randomBytes(11).toString("base64url"),
      eventTypeId,
      start: start.toISOString(),
      end: new Date(start.getTime() + length * 60_000).toISOString(),
      status: "accepted",
      attendee,
      bookingFieldsResponses: fields,
      ...(rescheduledFromUid ? { rescheduledFromUid } : {}),
    };
    this.bookings.set(b.uid, b);
    return b;
  }

  private resource(b: CalcomBooking) {
    const type = this.eventTypes.find((t) => t.id === b.eventTypeId);
    return {
      id: b.id,
      uid: b.uid,
      title: `${type?.title ?? "Meeting"} between ${this.email} and ${b.attendee.name}`,
      status: b.status,
      start: b.start,
      end: b.end,
      duration: (Date.parse(b.end) - Date.parse(b.start)) / 60_000,
      eventTypeId: b.eventTypeId,
      attendees: [{ ...b.attendee, language: "en", absent: false }],
      bookingFieldsResponses: b.bookingFieldsResponses,
      ...(b.rescheduledFromUid ? { rescheduledFromUid: b.rescheduledFromUid } : {}),
      ...(b.cancellationReason ? { cancellationReason: b.cancellationReason } : {}),
      createdAt: new Date().toISOString(),
    };
  }

  /** Free starts (ms) of an event type in [from, to). */
  private freeStarts(eventTypeId: number, from: number, to: number, ignoreUid?: string): number[] {
    const type = this.eventTypes.find((t) => t.id === eventTypeId);
    if (!type) return [];
    const len = type.lengthInMinutes * 60_000;
    const taken = [...this.bookings.values()].filter((b) => b.status === "accepted" && b.uid !== ignoreUid);
    const out: number[] = [];
    for (const w of this.windows) {
      for (let s = w.start; s + len <= w.end; s += len) {
        if (s < from || s >= to || s < Date.now()) continue;
        if (taken.some((b) => Date.parse(b.start) < s + len && Date.parse(b.end) > s)) continue;
        out.push(s);
      }
    }
    return [...new Set(out)].sort((a, b) => a - b);
  }

  private json(req: FakeRequest): Record<string, unknown> | null {
    try {
      const v = JSON.parse(req.rawBody || "{}") as unknown;
      return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }

  private async route(req: FakeRequest): Promise<FakeResponse> {
    const path = req.url.pathname;
    const failure = this.failures.shift();
    if (failure === 429)
      return this.error(req, 429, "TooManyRequestsException", "ThrottlerException: Too Many Requests");
    if (failure) return this.error(req, failure, "InternalServerErrorException", "Internal server error");

    const auth = req.headers.authorization;
    const key = auth?.startsWith("Bearer ") ? auth.slice(7) : null;
    if (!key) return this.error(req, 401, "UnauthorizedException", "No Authorization header provided");
    if (key !== this.apiKey) return this.error(req, 401, "UnauthorizedException", "Invalid API Key");

    const version = req.headers["cal-api-version"];
    const needVersion = (want: string): FakeResponse | null =>
      version === want
        ? null
        : this.error(
            req,
            400,
            "BadRequestException",
            version
              ? `cal-api-version ${String(version)} is not supported for this endpoint; use ${want}`
              : `cal-api-version header is required: ${want}`,
          );

    if (req.method === "GET" && path === "/v2/me") {
      return {
        status: 200,
        body: { status: "success", data: { id: 7, email: this.email, timeZone: "Australia/Sydney" } },
      };
    }
    if (req.method === "GET" && path === "/v2/event-types") {
      const bad = needVersion(CALCOM_VERSIONS.eventTypes);
      if (bad) return bad;
      return {
        status: 200,
        body: {
          status: "success",
          data: this.eventTypes.map((t) => ({
            id: t.id,
            title: t.title,
            slug: t.title.toLowerCase().replace(/\W+/g, "-"),
            lengthInMinutes: t.lengthInMinutes,
          })),
        },
      };
    }
    if (req.method === "GET" && path === "/v2/slots") {
      const bad = needVersion(CALCOM_VERSIONS.slots);
      if (bad) return bad;
      const q = req.url.searchParams;
      const eventTypeId = Number(q.get("eventTypeId"));
      const start = q.get("start");
      const end = q.get("end");
      const timeZone = q.get("timeZone") ?? "UTC";
      if (!Number.isInteger(eventTypeId) || !start || !end)
        return this.error(req, 400, "BadRequestException", "eventTypeId, start and end are required");
      if (!this.eventTypes.some((t) => t.id === eventTypeId))
        return this.error(req, 404, "NotFoundException", `Event type with id=${eventTypeId} not found`);
      // Dates are whole days in timeZone (read wide by a day's worth of offsets, then
      // filtered by local date below); ISO instants are taken as they are.
      const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);
      const DAY = 86_400_000;
      const from = isDate(start) ? Date.parse(`${start}T00:00:00Z`) - DAY : Date.parse(start);
      const to = isDate(end) ? Date.parse(`${end}T00:00:00Z`) + 2 * DAY : Date.parse(end);
      if (Number.isNaN(from) || Number.isNaN(to))
        return this.error(req, 400, "BadRequestException", "Invalid start or end");
      const data: Record<string, Array<{ start: string }>> = {};
      for (const s of this.freeStarts(eventTypeId, from, to)) {
        const local = withOffset(new Date(s), timeZone);
        const day = local.slice(0, 10);
        if ((isDate(start) && day < start) || (isDate(end) && day > end)) continue;
        const list = data[day] ?? [];
        list.push({ start: local });
        data[day] = list;
      }
      return { status: 200, body: { status: "success", data } };
    }

    if (req.method === "POST" && path.startsWith("/v2/bookings")) {
      const bad = needVersion(CALCOM_VERSIONS.bookings);
      if (bad) return bad;
      const body = this.json(req);
      if (!body) return this.error(req, 400, "BadRequestException", "Invalid JSON body");
      if (path === "/v2/bookings") return this.book(req, body);
      const m = /^\/v2\/bookings\/([^/]+)\/(reschedule|cancel)$/.exec(path);
      if (m) {
        const existing = this.bookings.get(decodeURIComponent(m[1] ?? ""));
        if (!existing) return this.error(req, 404, "NotFoundException", `Booking with uid=${m[1]} was not found`);
        if (existing.status === "cancelled")
          return this.error(req, 400, "BadRequestException", "This booking has already been cancelled.");
        if (m[2] === "cancel") {
          existing.status = "cancelled";
          if (typeof body.cancellationReason === "string") existing.cancellationReason = body.cancellationReason;
          return { status: 200, body: { status: "success", data: this.resource(existing) } };
        }
        const start = typeof body.start === "string" ? Date.parse(body.start) : Number.NaN;
        if (Number.isNaN(start))
          return this.error(req, 400, "BadRequestException", "start must be a valid ISO 8601 date");
        if (!this.freeStarts(existing.eventTypeId, start, start + 1, existing.uid).includes(start))
          return this.error(
            req,
            400,
            "BadRequestException",
            "User either already has booking at this time or is not available",
          );
        existing.status = "cancelled";
        const moved = this.create(
          existing.eventTypeId,
          new Date(start),
          existing.attendee,
          existing.bookingFieldsResponses,
          existing.uid,
        );
        return { status: 201, body: { status: "success", data: this.resource(moved) } };
      }
    }
    return this.error(req, 404, "NotFoundException", `Cannot ${req.method} ${path}`);
  }

  private book(req: FakeRequest, body: Record<string, unknown>): FakeResponse {
    const eventTypeId = body.eventTypeId;
    const attendee = body.attendee as Partial<CalcomBooking["attendee"]> | undefined;
    if (typeof eventTypeId !== "number")
      return this.error(req, 400, "BadRequestException", "eventTypeId must be a number");
    if (typeof body.start !== "string" || Number.isNaN(Date.parse(body.start)))
      return this.error(req, 400, "BadRequestException", "start must be a valid ISO 8601 date");
    if (!attendee || typeof attendee.name !== "string" || !attendee.name)
      return this.error(req, 400, "BadRequestException", "attendee.name should not be empty");
    if (typeof attendee.email !== "string" || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(attendee.email))
      return this.error(req, 400, "BadRequestException", "attendee.email must be an email");
    if (typeof attendee.timeZone !== "string")
      return this.error(req, 400, "BadRequestException", "attendee.timeZone must be a string");
    if (!this.eventTypes.some((t) => t.id === eventTypeId))
      return this.error(req, 404, "NotFoundException", `Event type with id=${eventTypeId} not found`);
    const start = Date.parse(body.start);
    if (!this.freeStarts(eventTypeId, start, start + 1).includes(start))
      return this.error(
        req,
        400,
        "BadRequestException",
        "User either already has booking at this time or is not available",
      );
    const b = this.create(
      eventTypeId,
      new Date(start),
      {
        name: attendee.name,
        email: attendee.email,
        timeZone: attendee.timeZone,
        ...(typeof attendee.phoneNumber === "string" ? { phoneNumber: attendee.phoneNumber } : {}),
      },
      (body.bookingFieldsResponses as Record<string, unknown> | undefined) ?? {},
    );
    return { status: 201, body: { status: "success", data: this.resource(b) } };
  }
}

export async function startCalcomFake(opts: CalcomFakeOptions = {}): Promise<CalcomFake> {
  return new CalcomFake(opts).start();
}
