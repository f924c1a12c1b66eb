// The one error shape of the public API: {error:{code,message,details?}}.
// Validation failures list every offending field by name.
import { BookingError } from "@articulate/booking";
import { CallRefusedError, OutboundPlacementError, outboundRefusalHttp } from "@articulate/calls";
import { DomainError, InputError } from "@articulate/core";
import { CallListQueryError, MessageListQueryError } from "@articulate/db";
import { KnowledgeInputError } from "@articulate/knowledge";
import { WebhookInputError, WebhookNotFoundError } from "@articulate/webhooks";
import { z } from "zod";
import { AgentInUseError } from "@/modules/agents/lib/agents";

export const API_ERROR_CODES = [
  "unauthorized",
  "invalid_json",
  "unsupported_media_type",
  "payload_too_large",
  "validation_failed",
  "not_found",
  "rate_limited",
  "tenant_suspended",
  "caller_blocked",
  "outside_calling_hours",
  "hard_cap_reached",
  "concurrency_limit_reached",
  "number_not_active",
  "outbound_not_configured",
  "call_failed",
  "slot_taken",
  "calendar_unavailable",
  "internal_error",
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiFieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function validationError(fields: ApiFieldError[]): ApiError {
  const first = fields[0];
  return new ApiError(400, "validation_failed", first ? `${first.field}: ${first.message}` : "Invalid request", {
    fields,
  });
}

export function notFound(what: string): ApiError {
  return new ApiError(404, "not_found", `${what} not found`);
}

export function zodFields(error: z.ZodError, prefix?: string): ApiFieldError[] {
  return error.issues.map((issue) => {
    const keys = issue.code === "unrecognized_keys" ? issue.keys.join(", ") : "";
    const path = [...issue.path.map(String), keys].filter(Boolean).join(".");
    return { field: [prefix, path].filter(Boolean).join(".") || "body", message: issue.message };
  });
}

export const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(API_ERROR_CODES),
    message: z.string(),
    details: z
      .object({ fields: z.array(z.object({ field: z.string(), message: z.string() })).optional() })
      .catchall(z.unknown())
      .optional(),
  }),
});

export function apiErrorResponse(err: ApiError): Response {
  const body: { error: { code: string; message: string; details?: unknown } } = {
    error: { code: err.code, message: err.message },
  };
  if (err.details !== undefined) body.error.details = err.details;
  return Response.json(body, { status: err.status, headers: { "cache-control": "no-store", ...err.headers } });
}

/** Maps domain errors the API can surface to ApiError; anything else stays unknown (500). */
export function toApiError(err: unknown): ApiError | null {
  if (err instanceof ApiError) return err;
  if (err instanceof z.ZodError) return validationError(zodFields(err));
  if (err instanceof CallListQueryError || err instanceof MessageListQueryError)
    return validationError([{ field: err.field, message: err.message.replace(`${err.field}: `, "") }]);
  if (err instanceof WebhookInputError) return validationError([{ field: err.field, message: err.message }]);
  const refusal = outboundRefusalHttp(err);
  if (refusal && (err instanceof CallRefusedError || err instanceof OutboundPlacementError)) {
    const field = err instanceof OutboundPlacementError ? err.field : undefined;
    const details =
      err instanceof OutboundPlacementError && err.sip
        ? { sip: err.sip }
        : field
          ? { fields: [{ field, message: err.message }] }
          : undefined;
    return new ApiError(refusal.status, refusal.code, err.message, details);
  }
  if (err instanceof WebhookNotFoundError) return new ApiError(404, "not_found", err.message);
  // Knowledge messages carry "field: " for the dashboard; the API lists the field separately.
  if (err instanceof KnowledgeInputError) {
    return validationError([{ field: err.field, message: err.message.replace(`${err.field}: `, "") }]);
  }
  if (err instanceof InputError) {
    return validationError(
      Object.entries(err.fieldErrors).flatMap(([field, messages]) => messages.map((message) => ({ field, message }))),
    );
  }
  if (err instanceof BookingError) return bookingApiError(err);
  // Refused while numbers route to it: the request's id is what the client must change.
  if (err instanceof AgentInUseError) return validationError([{ field: "id", message: err.message }]);
  if (err instanceof DomainError && err.code === "not_found") return new ApiError(404, "not_found", err.message);
  return null;
}

/** Booking refusals: the field a client must change, or 409 when the slot went meanwhile (with the next free times). */
function bookingApiError(err: BookingError): ApiError {
  const alternatives = err.alternatives.map((s) => s.start.toISOString());
  switch (err.bookingCode) {
    case "unknown_appointment_type":
      return validationError([{ field: "appointmentTypeId", message: err.message }]);
    case "slot_unavailable": {
      const e = validationError([{ field: "start", message: err.message }]);
      return new ApiError(e.status, e.code, e.message, { ...(e.details as object), alternatives });
    }
    case "slot_taken":
      return new ApiError(409, "slot_taken", err.message, { alternatives });
    case "booking_not_found":
    case "caller_not_verified":
      return new ApiError(404, "not_found", "Booking not found");
    case "calendar_unavailable":
      return new ApiError(503, "calendar_unavailable", err.message, undefined, { "retry-after": "30" });
  }
}
