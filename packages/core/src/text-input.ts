// The one text-input rule for every boundary (API bodies and queries, server
// actions, route handlers, webhook payloads): no NUL bytes (PostgreSQL text
// cannot store them), no lone UTF-16 surrogates (not valid Unicode; jsonb and
// the UTF-8 encoder reject or mangle them), and no string longer than the
// agreed maximum. A violation is a validation issue on the offending field's
// path, so callers answer 400 naming the field instead of a database 500.
import { z } from "zod";

/** Agreed maximum lengths (characters) per kind of field. */
export const TEXT_LIMITS = {
  /** People, businesses, agents, keys, labels. */
  name: 120,
  /** RFC 5321 path limit. */
  email: 254,
  password: 200,
  /** Greetings, reasons, after-hours messages, search terms. */
  shortText: 500,
  /** Agent instructions and other long prose. */
  longText: 8_000,
  url: 2_048,
  /** Any string at a boundary that has no tighter limit of its own. */
  anyString: 20_000,
} as const;

/** Request bodies larger than this are refused before parsing (413 on the API). */
export const MAX_BODY_BYTES = {
  /** /api/v1 JSON bodies. */
  api: 256 * 1024,
  /** Dashboard form posts (server actions); Next's own limit is set above it. */
  form: 512 * 1024,
  /** Signed inbound webhooks (LiveKit, Stripe, carriers). */
  webhook: 1024 * 1024,
} as const;

// A high surrogate not followed by a low one, or a low one not preceded by a high one (no `u` flag: code units).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string breaks the rule, or null when it is fine. */
export function textProblem(value: string, max: number = TEXT_LIMITS.anyString): string | null {
  if (value.includes("\u0000")) return "must not contain NUL characters";
  if (LONE_SURROGATE.test(value)) return "must be valid Unicode text (it contains a lone surrogate)";
  if (value.length > max) return `must be at most ${max.toLocaleString("en-AU")} characters`;
  return null;
}

export interface TextIssue {
  path: (string | number)[];
  message: string;
}

/** Walks any parsed input (objects, arrays, keys included) and lists every string that breaks the rule. */
export function findTextIssues(value: unknown, path: (string | number)[] = [], out: TextIssue[] = []): TextIssue[] {
  if (out.length >= 20) return out; // enough to name the fields; a hostile body may hold millions
  if (typeof value === "string") {
    const message = textProblem(value);
    if (message) out.push({ path, message });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => {
      findTextIssues(v, [...path, i], out);
    });
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const keyProblem = textProblem(k, TEXT_LIMITS.name);
      if (keyProblem) out.push({ path: [...path, k.slice(0, 40)], message: `field name ${keyProblem}` });
      else findTextIssues(v, [...path, k], out);
    }
  }
  return out;
}

/**
 * Wraps a boundary schema with the text rule: every string anywhere in the
 * input is checked first (issues carry the field's path), then the schema runs.
 */
export function withTextRule<S extends z.ZodType>(schema: S): z.ZodPipe<z.ZodUnknown, S> {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      for (const issue of findTextIssues(value)) {
        ctx.addIssue({ code: "custom", path: issue.path, message: issue.message, input: value });
      }
    })
    .pipe(schema);
}

/**
 * For text we must keep rather than refuse (a caller's words in a transcript):
 * NUL removed, lone surrogates replaced with U+FFFD.
 */
export function storableText(value: string): string {
  return value.replaceAll("\u0000", "").replace(new RegExp(LONE_SURROGATE.source, "g"), "\ufffd");
}
