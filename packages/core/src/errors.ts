// The one base for errors the domain raises on purpose: a stable code the
// entry points map (to an HTTP status, a form message, a page), a message an
// owner can read, and details for the caller (never secrets). Anything that is
// not a DomainError is a bug and surfaces as a 500 with nothing leaked.
import type { z } from "zod";
import { withTextRule } from "./text-input";

export type ErrorDetails = Record<string, unknown>;

export class DomainError extends Error {
  constructor(
    /** Stable, snake_case, safe to show to API clients (e.g. "invalid_input", "concurrency_limit_reached"). */
    readonly code: string,
    /** For the business owner: says what happened and, where possible, what to do. */
    message: string,
    readonly details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Field name → messages, keyed by the dotted path zod reports ("hours.mon.0.open"). */
export type FieldErrors = Record<string, string[]>;

/** zod issues as field errors; issues without a path go under "input". */
export function fieldErrorsFromZod(issues: readonly z.core.$ZodIssue[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join(".") : "input";
    const messages = out[key] ?? [];
    messages.push(issue.message);
    out[key] = messages;
  }
  return out;
}

/** Bad input at a boundary: names the first offending field, carries them all. */
export class InputError extends DomainError {
  constructor(
    readonly field: string,
    message: string,
    readonly fieldErrors: FieldErrors = { [field]: [message] },
  ) {
    super("invalid_input", message, { field, fieldErrors });
  }

  /** From a failed zod parse: the first issue names the field; every issue is kept. */
  static fromZod(error: z.ZodError): InputError {
    const fields = fieldErrorsFromZod(error.issues);
    const [field, messages] = Object.entries(fields)[0] ?? ["input", ["is invalid"]];
    return new InputError(field, messages[0] ?? "is invalid", fields);
  }
}

/** Parses under the shared text rule (see text-input.ts) or throws an InputError naming the field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = withTextRule(schema).safeParse(input);
  if (!parsed.success) throw InputError.fromZod(parsed.error);
  return parsed.data;
}
