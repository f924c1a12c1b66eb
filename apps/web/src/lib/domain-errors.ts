// How a DomainError reads as an HTTP status, for every entry type that answers
// with one (server actions, route handlers). Refused and failed outbound calls
// use @articulate/calls' own table; bad input is 400; what is not there is 404;
// anything else the domain refused on purpose is a conflict with current state.
import { outboundRefusalHttp } from "@articulate/calls";
import { type DomainError, InputError } from "@articulate/core";

export type DomainErrorStatus = 400 | 403 | 404 | 409 | 502;

export function domainErrorStatus(err: DomainError): DomainErrorStatus {
  const outbound = outboundRefusalHttp(err);
  if (outbound) return outbound.status;
  if (err instanceof InputError) return 400;
  if (err.code === "not_found") return 404;
  return 409;
}

/** The first message per field, the shape forms render. */
export function firstErrorPerField(err: DomainError): Record<string, string> | undefined {
  if (err instanceof InputError) {
    return Object.fromEntries(Object.entries(err.fieldErrors).map(([f, messages]) => [f, messages[0] ?? err.message]));
  }
  const field = err.details.field;
  return typeof field === "string" ? { [field]: err.message } : undefined;
}
