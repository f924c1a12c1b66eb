// Request parsing for /api/v1 handlers: JSON bodies and query strings validated
// with the same zod schemas the OpenAPI document is generated from.
import type { z } from "zod";
import { ApiError, validationError, zodFields } from "./errors";

export async function parseJsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.toLowerCase().includes("application/json")) {
    throw new ApiError(400, "invalid_json", "Send the body as JSON with Content-Type: application/json");
  }
  let raw: unknown;
  try {
    raw = await req.json();
  } catch {
    throw new ApiError(400, "invalid_json", "The request body is not valid JSON");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(zodFields(parsed.error));
  return parsed.data;
}

export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const params = new URL(req.url).searchParams;
  const raw: Record<string, string> = {};
  for (const [k, v] of params) raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(zodFields(parsed.error));
  return parsed.data;
}

/** Route params are ids: bounded strings, otherwise the resource cannot exist. */
export function resourceId(value: string | undefined, what: string): string {
  if (!value || value.length > 64 || !/^[A-Za-z0-9_-]+$/.test(value))
    throw new ApiError(404, "not_found", `${what} not found`);
  return value;
}
