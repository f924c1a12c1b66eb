// Twirp error and request helpers for the LiveKit fake. Twirp v8 wire format:
// errors are {"code","msg","meta"} with the HTTP status from the Twirp spec.

export type TwirpCode =
  | "invalid_argument"
  | "malformed"
  | "unauthenticated"
  | "permission_denied"
  | "not_found"
  | "bad_route"
  | "already_exists"
  | "failed_precondition"
  | "resource_exhausted"
  | "deadline_exceeded"
  | "aborted"
  | "internal"
  | "unimplemented";

const STATUS: Record<TwirpCode, number> = {
  invalid_argument: 400,
  malformed: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  aborted: 409,
  failed_precondition: 412,
  resource_exhausted: 429,
  deadline_exceeded: 408,
  internal: 500,
  unimplemented: 501,
};

export class TwirpFailure extends Error {
  constructor(
    readonly code: TwirpCode,
    message: string,
    readonly meta: Record<string, string> = {},
  ) {
    super(message);
  }
  get status(): number {
    return STATUS[this.code];
  }
  toBody(): string {
    return JSON.stringify({ code: this.code, msg: this.message, meta: this.meta });
  }
}

export const invalid = (msg: string) => new TwirpFailure("invalid_argument", msg);
export const notFound = (msg: string) => new TwirpFailure("not_found", msg);

/** SIP response codes → Twirp codes, as livekit/protocol's sipCodeToGRPCCode does. */
export function sipFailure(sipStatus: number, reason: string): TwirpFailure {
  let code: TwirpCode;
  if ([486, 480, 600].includes(sipStatus)) code = "resource_exhausted";
  else if ([603, 401, 403].includes(sipStatus)) code = "permission_denied";
  else if (sipStatus === 404) code = "not_found";
  else if (sipStatus === 408 || sipStatus === 504) code = "deadline_exceeded";
  else if (sipStatus === 487) code = "aborted";
  else if (sipStatus >= 400 && sipStatus < 500) code = "invalid_argument";
  else code = "failed_precondition";
  return new TwirpFailure(code, `sip status: ${sipStatus}: ${reason}`, {
    sip_status_code: String(sipStatus),
    sip_status: reason,
  });
}

export type Body = Record<string, unknown>;

const camelToSnake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** protojson accepts both the JSON (camelCase) and proto (snake_case) field names. */
export function pick(body: Body, camel: string): unknown {
  if (camel in body) return body[camel];
  const snake = camelToSnake(camel);
  return body[snake];
}

export function str(body: Body, camel: string): string {
  const v = pick(body, camel);
  return typeof v === "string" ? v : "";
}

/** An id the request cannot do without: livekit-server answers invalid_argument when it is empty. */
export function requiredStr(body: Body, camel: string): string {
  const v = str(body, camel);
  if (v === "") throw invalid(`${camel} is required`);
  return v;
}

export function strList(body: Body, camel: string): string[] {
  const v = pick(body, camel);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

export function obj(body: Body, camel: string): Body | undefined {
  const v = pick(body, camel);
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Body) : undefined;
}

export function bool(body: Body, camel: string): boolean {
  return pick(body, camel) === true;
}
