// @articulate/testing/google: a local Google OAuth 2.0 + Calendar API v3 fake
// speaking the real wire format, for the official client (google-auth-library,
// @googleapis/calendar) pointed at it. One origin serves the paths Google
// spreads over three hosts:
//   GET  /o/oauth2/v2/auth          (accounts.google.com: consent, auto-approved
//                                    as the fake's current user; 302 back)
//   POST /token                     (oauth2.googleapis.com: authorization_code,
//                                    refresh_token; Google's {error, error_description})
//   POST /revoke                    (oauth2.googleapis.com)
//   GET  /calendar/v3/users/me/calendarList, POST /calendar/v3/freeBusy,
//   POST/PATCH/DELETE /calendar/v3/calendars/{id}/events[/{eventId}]
//                                   (www.googleapis.com)
// Rules enforced as Google does: registered client and redirect URI, one-use
// codes, bearer tokens that expire (401 authError), revoked grants
// (invalid_grant), event ids in base32hex (400 invalid), duplicate ids (409
// duplicate), deleted events (410 deleted), empty time ranges (400
// timeRangeEmpty), and injected 429 rateLimitExceeded / 5xx.
import crypto from "node:crypto";
import type http from "node:http";
import { type FakeRequest, type FakeResponse, type RunningServer, serve } from "../carriers/http";

export interface GoogleFakeOptions {
  clientId?: string;
  clientSecret?: string;
  /** Redirect URIs registered for the client; any loopback or listed URI is accepted when empty. */
  redirectUris?: string[];
  /** The Google account that approves consent. */
  email?: string;
  /** Extra calendars the account can see (besides its primary, whose id is the e-mail). */
  calendars?: Array<{ id: string; summary: string }>;
  /** Lifetime of issued access tokens. */
  accessTokenTtlSeconds?: number;
}

export interface FakeEvent {
  id: string;
  calendarId: string;
  status: "confirmed" | "cancelled";
  summary?: string;
  description?: string;
  start: { dateTime: string; timeZone?: string };
  end: { dateTime: string; timeZone?: string };
  transparency?: "opaque" | "transparent";
  created: string;
  updated: string;
  sequence: number;
}

interface Grant {
  email: string;
  scope: string;
  revoked: boolean;
}

const SCOPE_CALENDAR = "https://www.googleapis.com/auth/calendar";

function apiError(code: number, reason: string, message: string, domain = "global", extra: object = {}): FakeResponse {
  const status: Record<number, string> = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ALREADY_EXISTS",
    410: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
  };
  return {
    status: code,
    body: {
      error: { errors: [{ domain, reason, message, ...extra }], code, message, status: status[code] ?? "UNKNOWN" },
    },
  };
}

const PARSE_ERROR = apiError(400, "parseError", "Parse Error");

const oauthError = (error: string, description: string, status = 400): FakeResponse => ({
  status,
  body: { error, error_description: description },
});

function bearer(headers: http.IncomingHttpHeaders): string | null {
  const h = headers.authorization;
  return h?.startsWith("Bearer ") ? h.slice(7) : null;
}

function form(req: FakeRequest): URLSearchParams {
  return new URLSearchParams(req.rawBody);
}

const isRfc3339 = (s: unknown): s is string =>
  typeof s === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(s);

export class GoogleFake {
  readonly clientId: string;
  readonly clientSecret: string;
  private server: RunningServer | null = null;
  private readonly redirectUris: string[];
  private readonly ttl: number;
  private email: string;
  private readonly calendars = new Map<string, { id: string; summary: string; primary: boolean; owner: string }>();
  private readonly codes = new Map<
    string,
    Grant & { clientId: string; redirectUri: string; used: boolean; offline: boolean }
  >();
  private readonly refreshTokens = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, Grant & { expiresAt: number; refreshToken: string | null }>();
  private readonly events = new Map<string, FakeEvent>();
  private failures: Array<{ status: number; reason: string }> = [];
  private loseAnswerOf: ((method: string, path: string) => boolean) | null = null;
  private denyConsent = false;
  /** Every request, for assertions (method and path). */
  readonly requests: Array<{ method: string; path: string; status: number }> = [];
  /** Milliseconds every Calendar API answer is held back (timeouts). */
  delayMs = 0;

  constructor(opts: GoogleFakeOptions = {}) {
    this.clientId = opts.clientId ?? "fake-client.apps.googleusercontent.com";
    this.clientSecret = opts.clientSecret ?? "fake-client-secret";
    this.redirectUris = opts.redirectUris ?? [];
    this.ttl = opts.accessTokenTtlSeconds ?? 3599;
    this.email = opts.email ?? "practice@example.com";
    this.addAccount(this.email, opts.calendars ?? []);
  }

  get url(): string {
    if (!this.server) throw new Error("Google fake not started");
    return this.server.url;
  }

  async start(): Promise<this> {
    this.server = await serve((req) => this.handle(req));
    return this;
  }

  async close(): Promise<void> {
    await this.server?.close();
    this.server = null;
  }

  /** A Google account with its primary calendar (id = e-mail) and any others; consent approves as it from now on. */
  addAccount(email: string, calendars: Array<{ id: string; summary: string }> = []): void {
    this.email = email;
    this.calendars.set(email, { id: email, summary: email, primary: true, owner: email });
    for (const c of calendars) this.calendars.set(c.id, { ...c, primary: false, owner: email });
  }

  /** The next consent screen is refused by the user (redirect with error=access_denied). */
  denyNextConsent(): void {
    this.denyConsent = true;
  }

  /** Every access token issued so far expires now (the next API call gets 401; the client must refresh). */
  expireAccessTokens(): void {
    for (const t of this.accessTokens.values()) t.expiresAt = 0;
  }

  /** The user removes the app's access in their Google account: tokens stop working, refresh gives invalid_grant. */
  revokeAccess(email = this.email): void {
    for (const g of [...this.refreshTokens.values(), ...this.accessTokens.values(), ...this.codes.values()]) {
      if (g.email === email) g.revoked = true;
    }
  }

  /** The next `count` Calendar API calls fail with this status (429 rateLimitExceeded, 500, 503). */
  failNext(count: number, status: 429 | 500 | 503 = 429): void {
    const reason = status === 429 ? "rateLimitExceeded" : status === 503 ? "backendError" : "internalError";
    for (let i = 0; i < count; i++) this.failures.push({ status, reason });
  }

  /**
   * The next Calendar API call matching is carried out but its answer is lost
   * (503 backendError, as a dropped connection looks): a retry must not duplicate it.
   */
  loseNextResponse(matching: (method: string, path: string) => boolean = () => true): void {
    this.loseAnswerOf = matching;
  }

  /** An event put on a calendar by someone else (it blocks free/busy). */
  addEvent(calendarId: string, start: Date, end: Date, summary = "Busy"): FakeEvent {
    const id = crypto.randomBytes(10).toString("hex");
    const now = new Date().toISOString();
    const ev: FakeEvent = {
      id,
      calendarId,
      status: "confirmed",
      summary,
      start: { dateTime: start.toISOString() },
      end: { dateTime: end.toISOString() },
      created: now,
      updated: now,
      sequence: 0,
    };
    this.events.set(`${calendarId}/${id}`, ev);
    return ev;
  }

  /** Events on a calendar (cancelled ones included), for assertions. */
  eventsOn(calendarId: string): FakeEvent[] {
    return [...this.events.values()].filter((e) => e.calendarId === calendarId);
  }

  /** Refresh tokens issued and still valid. */
  activeRefreshTokens(): number {
    return [...this.refreshTokens.values()].filter((g) => !g.revoked).length;
  }

  private async handle(req: FakeRequest): Promise<FakeResponse> {
    const res = await this.route(req);
    this.requests.push({ method: req.method, path: req.url.pathname, status: res.status });
    return res;
  }

  private async route(req: FakeRequest): Promise<FakeResponse> {
    const path = req.url.pathname;
    if (req.method === "GET" && path === "/o/oauth2/v2/auth") return this.consent(req);
    if (req.method === "POST" && path === "/token") return this.token(req);
    if (req.method === "POST" && path === "/revoke") return this.revoke(req);
    if (path.startsWith("/calendar/v3/")) {
      if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
      const res = this.calendarApi(req, path.slice("/calendar/v3".length));
      if (this.loseAnswerOf?.(req.method, path)) {
        this.loseAnswerOf = null;
        return apiError(503, "backendError", "Backend Error");
      }
      return res;
    }
    return apiError(404, "notFound", "Not Found");
  }

  private redirectAllowed(uri: string): boolean {
    if (this.redirectUris.length > 0) return this.redirectUris.includes(uri);
    try {
      const u = new URL(uri);
      return u.hostname === "127.0.0.1" || u.hostname === "localhost";
    } catch {
      return false;
    }
  }

  private consent(req: FakeRequest): FakeResponse {
    const q = req.url.searchParams;
    const clientId = q.get("client_id");
    const redirectUri = q.get("redirect_uri") ?? "";
    if (clientId !== this.clientId) return oauthError("invalid_client", "The OAuth client was not found.", 401);
    if (!this.redirectAllowed(redirectUri))
      return oauthError("redirect_uri_mismatch", "The redirect URI in the request did not match a registered one.");
    if (q.get("response_type") !== "code") return oauthError("unsupported_response_type", "response_type must be code");
    const scope = q.get("scope") ?? "";
    if (!scope.trim()) return oauthError("invalid_request", "Missing required parameter: scope");
    const back = new URL(redirectUri);
    const state = q.get("state");
    if (state !== null) back.searchParams.set("state", state);
    if (this.denyConsent) {
      this.denyConsent = false;
      back.searchParams.set("error", "access_denied");
      return { status: 302, headers: { location: back.toString() } };
    }
    const code = `4/${crypto.randomBytes(24).toString("base64url")}`;
    this.codes.set(code, {
      email: this.email,
      scope,
      revoked: false,
      clientId,
      redirectUri,
      used: false,
      // access_type=offline is what earns a refresh token.
      offline: q.get("access_type") === "offline",
    });
    back.searchParams.set("code", code);
    back.searchParams.set("scope", scope);
    return { status: 302, headers: { location: back.toString() } };
  }

  private clientCredentials(req: FakeRequest, body: URLSearchParams): { id: string | null; secret: string | null } {
    const basic = req.headers.authorization;
    if (basic?.startsWith("Basic ")) {
      const [id, secret] = Buffer.from(basic.slice(6), "base64").toString("utf8").split(":");
      return { id: id ?? null, secret: secret ?? null };
    }
    return { id: body.get("client_id"), secret: body.get("client_secret") };
  }

  private issueAccess(grant: Grant, refreshToken: string | null): { access_token: string; expires_in: number } {
    const access = `ya29.${crypto.randomBytes(24).toString("base64url")}`;
    this.accessTokens.set(access, { ...grant, revoked: false, expiresAt: Date.now() + this.ttl * 1000, refreshToken });
    return { access_token: access, expires_in: this.ttl };
  }

  private token(req: FakeRequest): FakeResponse {
    if (!String(req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded"))
      return oauthError("invalid_request", "Invalid content type");
    const body = form(req);
    const client = this.clientCredentials(req, body);
    if (client.id !== this.clientId || client.secret !== this.clientSecret)
      return oauthError("invalid_client", "Unauthorized", 401);
    const grantType = body.get("grant_type");
    if (grantType === "authorization_code") {
      const code = this.codes.get(body.get("code") ?? "");
      if (!code || code.used || code.revoked) return oauthError("invalid_grant", "Bad Request");
      if (code.redirectUri !== body.get("redirect_uri")) return oauthError("redirect_uri_mismatch", "Bad Request");
      code.used = true;
      const grant: Grant = { email: code.email, scope: code.scope, revoked: false };
      let refresh: string | null = null;
      if (code.offline) {
        refresh = `1//${crypto.randomBytes(32).toString("base64url")}`;
        this.refreshTokens.set(refresh, grant);
      }
      return {
        status: 200,
        body: {
          ...this.issueAccess(grant, refresh),
          ...(refresh ? { refresh_token: refresh } : {}),
          scope: code.scope,
          token_type: "Bearer",
        },
      };
    }
    if (grantType === "refresh_token") {
      const grant = this.refreshTokens.get(body.get("refresh_token") ?? "");
      if (!grant || grant.revoked) return oauthError("invalid_grant", "Token has been expired or revoked.");
      return {
        status: 200,
        body: {
          ...this.issueAccess(grant, body.get("refresh_token")),
          scope: grant.scope,
          token_type: "Bearer",
        },
      };
    }
    return oauthError("unsupported_grant_type", `Invalid grant_type: ${grantType ?? ""}`);
  }

  private revoke(req: FakeRequest): FakeResponse {
    const token = req.url.searchParams.get("token") ?? form(req).get("token") ?? "";
    const refresh = this.refreshTokens.get(token);
    const access = this.accessTokens.get(token);
    if (!refresh && !access) return oauthError("invalid_token", "Token expired or revoked");
    // Revoking either revokes the whole grant.
    const refreshKey = refresh ? token : access?.refreshToken;
    if (refreshKey) {
      const g = this.refreshTokens.get(refreshKey);
      if (g) g.revoked = true;
    }
    for (const a of this.accessTokens.values()) if (a.refreshToken === refreshKey || a === access) a.revoked = true;
    return { status: 200, body: {} };
  }

  private authorise(req: FakeRequest): { email: string } | FakeResponse {
    const token = bearer(req.headers);
    const grant = token ? this.accessTokens.get(token) : undefined;
    if (!grant || grant.revoked || grant.expiresAt <= Date.now()) {
      return apiError(401, "authError", "Invalid Credentials", "global", {
        locationType: "header",
        location: "Authorization",
      });
    }
    if (!grant.scope.split(" ").some((s) => s === SCOPE_CALENDAR || s.startsWith(`${SCOPE_CALENDAR}.`)))
      return apiError(403, "insufficientPermissions", "Request had insufficient authentication scopes.");
    return { email: grant.email };
  }

  private visible(calendarId: string, email: string) {
    const id = calendarId === "primary" ? email : calendarId;
    const cal = this.calendars.get(id);
    return cal && cal.owner === email ? cal : null;
  }

  private calendarApi(req: FakeRequest, path: string): FakeResponse {
    const failure = this.failures.shift();
    if (failure) {
      return failure.status === 429
        ? { ...apiError(429, failure.reason, "Rate Limit Exceeded", "usageLimits"), headers: { "retry-after": "1" } }
        : apiError(failure.status, failure.reason, "Backend Error");
    }
    const who = this.authorise(req);
    if ("status" in who) return who;

    if (req.method === "GET" && path === "/users/me/calendarList") {
      const items = [...this.calendars.values()]
        .filter((c) => c.owner === who.email)
        .map((c) => ({
          kind: "calendar#calendarListEntry",
          id: c.id,
          summary: c.summary,
          timeZone: "Australia/Sydney",
          accessRole: "owner",
          ...(c.primary ? { primary: true } : {}),
        }));
      return { status: 200, body: { kind: "calendar#calendarList", etag: '"p1"', items } };
    }

    if (req.method === "POST" && path === "/freeBusy") return this.freeBusy(req, who.email);

    const m = /^\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(path);
    if (m) {
      const cal = this.visible(decodeURIComponent(m[1] ?? ""), who.email);
      if (!cal) return apiError(404, "notFound", "Not Found");
      const eventId = m[2] ? decodeURIComponent(m[2]) : null;
      if (req.method === "POST" && !eventId) return this.insertEvent(req, cal.id);
      if (eventId && (req.method === "PATCH" || req.method === "DELETE" || req.method === "GET")) {
        const ev = this.events.get(`${cal.id}/${eventId}`);
        if (!ev) return apiError(404, "notFound", "Not Found");
        if (ev.status === "cancelled") return apiError(410, "deleted", "Resource has been deleted");
        if (req.method === "GET") return { status: 200, body: this.eventResource(ev) };
        if (req.method === "DELETE") {
          ev.status = "cancelled";
          ev.updated = new Date().toISOString();
          return { status: 204 };
        }
        return this.patchEvent(req, ev);
      }
    }
    return apiError(404, "notFound", "Not Found");
  }

  /** The JSON object body, or null (answered with Google's 400 parseError). */
  private parseJson(req: FakeRequest): Record<string, unknown> | null {
    try {
      const v = JSON.parse(req.rawBody || "{}") as unknown;
      if (v && typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // fall through
    }
    return null;
  }

  private freeBusy(req: FakeRequest, email: string): FakeResponse {
    const body = this.parseJson(req);
    if (!body) return PARSE_ERROR;
    const b = body as { timeMin?: unknown; timeMax?: unknown; items?: Array<{ id?: unknown }> };
    if (!isRfc3339(b.timeMin)) return apiError(400, "required", "Missing time min.");
    if (!isRfc3339(b.timeMax)) return apiError(400, "required", "Missing time max.");
    const from = Date.parse(b.timeMin);
    const to = Date.parse(b.timeMax);
    if (to <= from) return apiError(400, "timeRangeEmpty", "The specified time range is empty.");
    const calendars: Record<string, unknown> = {};
    for (const item of b.items ?? []) {
      const id = String(item.id ?? "");
      const cal = this.visible(id, email);
      if (!cal) {
        calendars[id] = { errors: [{ domain: "global", reason: "notFound" }], busy: [] };
        continue;
      }
      const spans = [...this.events.values()]
        .filter((e) => e.calendarId === cal.id && e.status === "confirmed" && e.transparency !== "transparent")
        .map((e) => [Math.max(Date.parse(e.start.dateTime), from), Math.min(Date.parse(e.end.dateTime), to)] as const)
        .filter(([s, e]) => s < e)
        .sort((x, y) => x[0] - y[0]);
      const merged: Array<[number, number]> = [];
      for (const [s, e] of spans) {
        const last = merged[merged.length - 1];
        if (last && s <= last[1]) last[1] = Math.max(last[1], e);
        else merged.push([s, e]);
      }
      calendars[id] = {
        busy: merged.map(([s, e]) => ({ start: new Date(s).toISOString(), end: new Date(e).toISOString() })),
      };
    }
    return {
      status: 200,
      body: { kind: "calendar#freeBusy", timeMin: b.timeMin, timeMax: b.timeMax, calendars },
    };
  }

  private eventResource(ev: FakeEvent) {
    return {
      kind: "calendar#event",
      etag: `"${ev.sequence}${Date.parse(ev.updated)}"`,
      id: ev.id,
      status: ev.status,
      htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(ev.id).toString("base64url")}`,
      created: ev.created,
      updated: ev.updated,
      summary: ev.summary,
      description: ev.description,
      start: ev.start,
      end: ev.end,
      iCalUID: `${ev.id}@google.com`,
      sequence: ev.sequence,
      ...(ev.transparency ? { transparency: ev.transparency } : {}),
    };
  }

  private timesOf(body: Record<string, unknown>): { start?: FakeEvent["start"]; end?: FakeEvent["end"] } {
    const pick = (v: unknown) => {
      const o = v as { dateTime?: unknown; timeZone?: unknown } | undefined;
      return o && isRfc3339(o.dateTime)
        ? { dateTime: o.dateTime, ...(typeof o.timeZone === "string" ? { timeZone: o.timeZone } : {}) }
        : undefined;
    };
    return { start: pick(body.start), end: pick(body.end) };
  }

  private insertEvent(req: FakeRequest, calendarId: string): FakeResponse {
    const body = this.parseJson(req);
    if (!body) return PARSE_ERROR;
    const { start, end } = this.timesOf(body);
    if (!start) return apiError(400, "required", "Missing start time.");
    if (!end) return apiError(400, "required", "Missing end time.");
    if (Date.parse(end.dateTime) <= Date.parse(start.dateTime))
      return apiError(400, "timeRangeEmpty", "The specified time range is empty.");
    let id: string;
    if (body.id !== undefined) {
      if (typeof body.id !== "string" || !/^[a-v0-9]{5,1024}$/.test(body.id))
        return apiError(400, "invalid", "Invalid resource id value.");
      id = body.id;
      if (this.events.has(`${calendarId}/${id}`))
        return apiError(409, "duplicate", "The requested identifier already exists.");
    } else {
      id = crypto.randomBytes(13).toString("hex");
    }
    const now = new Date().toISOString();
    const ev: FakeEvent = {
      id,
      calendarId,
      status: "confirmed",
      summary: typeof body.summary === "string" ? body.summary : undefined,
      description: typeof body.description === "string" ? body.description : undefined,
      start,
      end,
      created: now,
      updated: now,
      sequence: 0,
      ...(body.transparency === "transparent" ? { transparency: "transparent" as const } : {}),
    };
    this.events.set(`${calendarId}/${id}`, ev);
    return { status: 200, body: this.eventResource(ev) };
  }

  private patchEvent(req: FakeRequest, ev: FakeEvent): FakeResponse {
    const body = this.parseJson(req);
    if (!body) return PARSE_ERROR;
    const t = this.timesOf(body);
    const start = t.start ?? ev.start;
    const end = t.end ?? ev.end;
    if (Date.parse(end.dateTime) <= Date.parse(start.dateTime))
      return apiError(400, "timeRangeEmpty", "The specified time range is empty.");
    ev.start = start;
    ev.end = end;
    if (typeof body.summary === "string") ev.summary = body.summary;
    if (typeof body.description === "string") ev.description = body.description;
    ev.sequence += 1;
    ev.updated = new Date().toISOString();
    return { status: 200, body: this.eventResource(ev) };
  }
}

export async function startGoogleFake(opts: GoogleFakeOptions = {}): Promise<GoogleFake> {
  return new GoogleFake(opts).start();
}
