// Structured JSON logs (pino), one line per event. Every process makes its
// loggers here so they share one redaction rule: values under a secret-looking
// key, credentials inside URLs and provider keys in free text never reach a log.
// Context (tenantId, callId, requestId) goes on child loggers so every line of a
// call or request carries it.
import pino from "pino";

export type Logger = pino.Logger;
export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";

/**
 * Keys whose values are always replaced. Merged objects are scrubbed at any depth
 * (keys compared case-insensitively, ignoring - and _); child-logger bindings,
 * which pino serialises separately, are covered at the top level and one below.
 */
export const REDACTED_KEYS = [
  "password",
  "passwordHash",
  "secret",
  "clientSecret",
  "signingSecret",
  "webhookSecret",
  "token",
  "accessToken",
  "refreshToken",
  "idToken",
  "authToken",
  "apiKey",
  "apiSecret",
  "authorization",
  "Authorization",
  "cookie",
  "setCookie",
  "credentials",
  "privateKey",
  "encryptionKey",
  "sipPassword",
  "databaseUrl",
  "DATABASE_URL",
] as const;

export const REDACTED = "[redacted]";

const normalizeKey = (key: string) => key.toLowerCase().replace(/[-_]/g, "");
const redactedKeys = new Set<string>(REDACTED_KEYS.map(normalizeKey));
const isSecretKey = (key: string) => redactedKeys.has(normalizeKey(key));

/** Secret shapes that can hide inside free text (messages, error strings, URLs). */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  // user:password@ in any URL (database, redis, SIP)
  [/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]+@/gi, `$1${REDACTED}@`],
  // Stripe secret/restricted keys and webhook secrets, LiveKit-style API secrets after "secret="
  [/\b(sk|rk)_(live|test)_[A-Za-z0-9]+/g, REDACTED],
  [/\bwhsec_[A-Za-z0-9+/=]+/g, REDACTED],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, `$1 ${REDACTED}`],
  // Our own API keys ("art_" + secret)
  [/\bart_[A-Za-z0-9_-]{16,}/g, REDACTED],
];

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

const MAX_DEPTH = 8;

/** A copy of a log value with secrets replaced; errors become plain objects (name, message, code, stack). */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[depth]";
  if (seen.has(value)) return "[circular]";
  seen.add(value);
  if (value instanceof Date) return value;
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown; cause?: unknown };
    return redactValue(
      { type: e.name, message: e.message, code: e.code, stack: e.stack, cause: e.cause },
      depth + 1,
      seen,
    );
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    out[k] = isSecretKey(k) ? REDACTED : redactValue(v, depth + 1, seen);
  }
  return out;
}

export interface LoggerOptions {
  /** The process or component ("web", "agent-worker", "seed"). */
  name: string;
  level?: LogLevel;
  /** Fields on every line. */
  base?: Record<string, unknown>;
  /** Where lines go (default stdout); tests pass a collecting stream. */
  destination?: pino.DestinationStream;
}

export function createLogger(opts: LoggerOptions): Logger {
  return pino(
    {
      name: opts.name,
      level: opts.level ?? "info",
      base: { ...opts.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Child bindings do not pass through formatters.log; pino's path redaction covers them.
      redact: { paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`]), censor: REDACTED },
      formatters: {
        level: (label) => ({ level: label }),
        // Every merged object (bindings of child loggers included) passes through here.
        log: (object) => redactValue(object) as Record<string, unknown>,
      },
      hooks: {
        // The message string is not part of the merged object: scrub it too.
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === "string" ? redactText(a) : a)) as Parameters<typeof method>;
          method.apply(this, scrubbed);
        },
      },
      // pino's own error serializer would run before our formatter; ours keeps the shape stable.
      serializers: { err: (e: unknown) => redactValue(e) },
    },
    opts.destination,
  );
}

/** A logger that writes nothing (tests, benchmarks). */
export const silentLogger: Logger = pino({ level: "silent" });
