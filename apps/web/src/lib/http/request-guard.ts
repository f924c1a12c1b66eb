// What every request must satisfy before any route, page or server action runs
// (applied by src/proxy.ts): bounded bodies, same-origin for state changes that
// carry neither a webhook signature nor an API key, and the security headers.
import { MAX_BODY_BYTES } from "@articulate/core";

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Routes that authenticate each request by its signature, not by a cookie. */
const SIGNED_WEBHOOK_PREFIX = "/api/webhooks/";
/** The public API authenticates by API key and applies its own 413 (JSON error shape). */
const API_PREFIX = "/api/v1/";

export type GuardRefusal = { status: 403 | 411 | 413; message: string };

export interface GuardRequest {
  method: string;
  pathname: string;
  headers: Headers;
  /** The app's own origins as browsers see them (APP_URL's, and this request's scheme + Host). */
  selfOrigins: string[];
}

export function guardRequest(req: GuardRequest): GuardRefusal | null {
  if (!STATE_CHANGING.has(req.method.toUpperCase())) return null;
  if (req.pathname.startsWith(SIGNED_WEBHOOK_PREFIX)) return null;
  const bearer = /^Bearer\s+\S+/i.test(req.headers.get("authorization") ?? "");
  if (!bearer) {
    // Browsers send Origin on every cross-site POST and on same-origin fetches; a
    // missing or foreign Origin on a cookie-authenticated change is refused.
    const origin = req.headers.get("origin");
    if (!origin || !req.selfOrigins.includes(origin))
      return { status: 403, message: "Cross-origin request refused: send it from the app or with an API key" };
  }
  if (req.pathname.startsWith(API_PREFIX)) return null;
  // Server actions and form posts: bounded before Next reads the body (Next's own
  // overflow is a 500). Browsers always send Content-Length for these posts.
  const length = req.headers.get("content-length");
  if (length === null) {
    if (req.headers.get("transfer-encoding")) return { status: 411, message: "Send a Content-Length" };
    return null; // no body at all
  }
  const bytes = Number(length);
  if (!Number.isFinite(bytes) || bytes > MAX_BODY_BYTES.form)
    return { status: 413, message: `The form is too large: at most ${MAX_BODY_BYTES.form / 1024} KB` };
  return null;
}

export interface SecurityHeaderOptions {
  production: boolean;
  /** LiveKit server the browser connects to for test calls (ws/wss/http/https URL). */
  livekitUrl?: string | null;
  /** Where presigned recording URLs point (the player streams from there): an http(s) origin. */
  recordingsOrigin?: string | null;
}

/** Origins (https and wss forms) of the LiveKit server, for connect-src. */
function livekitOrigins(url: string | null | undefined): string[] {
  if (!url) return [];
  try {
    const u = new URL(url);
    const secure = u.protocol === "wss:" || u.protocol === "https:";
    return [`${secure ? "wss" : "ws"}://${u.host}`, `${secure ? "https" : "http"}://${u.host}`];
  } catch {
    return [];
  }
}

export function securityHeaders(opts: SecurityHeaderOptions): Record<string, string> {
  const livekit = livekitOrigins(opts.livekitUrl);
  // Next's inline bootstrap scripts need 'unsafe-inline' without per-request nonces;
  // dev additionally needs eval for fast refresh.
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${opts.production ? "" : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: https://lh3.googleusercontent.com https://avatars.githubusercontent.com",
    "font-src 'self' data:",
    `connect-src 'self'${livekit.length ? ` ${livekit.join(" ")}` : ""}${opts.production ? "" : " ws: wss:"}`,
    `media-src 'self' blob:${opts.recordingsOrigin ? ` ${opts.recordingsOrigin}` : ""}`,
    "worker-src 'self' blob:",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
  const headers: Record<string, string> = {
    "content-security-policy": csp,
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), geolocation=(), microphone=(self)",
  };
  if (opts.production) headers["strict-transport-security"] = "max-age=63072000; includeSubDomains";
  return headers;
}
