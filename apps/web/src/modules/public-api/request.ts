// Request parsing for /api/v1 handlers: JSON bodies and query strings validated
// with the same zod schemas the OpenAPI document is generated from.
// Every input also passes the shared text rule (no NUL, no lone surrogates,
// bounded strings) and bodies are size-limited: 413 before anything is parsed.
import { MAX_BODY_BYTES, withTextRule } from "@articulate/core";
import { z } from "zod";
import { ApiError, validationError, zodFields } from "./errors";

const tooLarge = () =>
  new ApiError(413, "payload_too_large", `The request body must be at most ${MAX_BODY_BYTES.api / 1024} KB`);

/** The body as text, refusing more than `limit` bytes whether or not Content-Length is sent. */
export async function readBodyLimited(req: Request, limit: number): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function parseJsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type.trim())) {
    throw new ApiError(415, "unsupported_media_type", "Send the body as JSON with Content-Type: application/json");
  }
  const text = await readBodyLimited(req, MAX_BODY_BYTES.api);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "The request body is not valid JSON");
  }
  const parsed = withTextRule(schema).safeParse(raw);
  if (!parsed.success) throw validationError(zodFields(parsed.error));
  return parsed.data;
}

export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const params = new URL(req.url).searchParams;
  const raw: Record<string, string> = {};
  for (const [k, v] of params) raw[k] = v;
  const parsed = withTextRule(schema).safeParse(raw);
  if (!parsed.success) throw validationError(zodFields(parsed.error));
  return parsed.data;
}

const noQuery = z.object({}).strict();

/** For operations without query parameters: any parameter is an unknown field (400), as everywhere else. */
export function rejectQuery(req: Request): void {
  parseQuery(req, noQuery);
}

/** Route params are ids: bounded strings, otherwise the resource cannot exist. */
export function resourceId(value: string | undefined, what: string): string {
  if (!value || value.length > 64 || !/^[A-Za-z0-9_-]+$/.test(value))
    throw new ApiError(404, "not_found", `${what} not found`);
  return value;
}
