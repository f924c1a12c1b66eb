// Authorising wrapper for server actions. Every action a tenant page posts goes
// through here: the tenant comes from the form's `slug` (the URL the user is on)
// and is re-checked against the session's membership and role; the rest of the
// input is validated with zod; failures come back as typed field errors, never a 500.
import { DomainError, InputError, textProblem, withTextRule } from "@articulate/core";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import type { ActionInput, ActionState, FormAction } from "./action-state";

export type { ActionInput } from "./action-state";

import { domainErrorStatus, firstErrorPerField } from "../domain-errors";
import { webLogger } from "../log";
import { getSessionUser, type SessionUser } from "./session";
import { type AccessRequirement, authorizeTenantAccess, type TenantContext } from "./tenant-access";

/** Thrown by action bodies for an expected, user-facing failure. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly opts: { field?: string; code?: 400 | 403 | 404 | 409 } = {},
  ) {
    super(message);
    this.name = "ActionError";
  }
}

/** A child resource that is not in this tenant (or does not exist): always 404. */
export function notFoundInTenant(what = "That item"): ActionError {
  return new ActionError(`${what} was not found`, { code: 404 });
}

/** FormData → plain object; repeated keys become arrays; Next's internal fields dropped. */
export function formDataToObject(input: ActionInput): Record<string, unknown> {
  if (!(input instanceof FormData)) return { ...input };
  const out: Record<string, unknown> = {};
  for (const [key, value] of input.entries()) {
    if (key.startsWith("$ACTION")) continue;
    const v = typeof value === "string" ? value : value.name;
    if (key in out) {
      const prev = out[key];
      out[key] = Array.isArray(prev) ? [...prev, v] : [prev, v];
    } else out[key] = v;
  }
  return out;
}

function echoValues(raw: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (/password|token|secret/i.test(k)) continue;
    // Only what the text rule accepts is echoed back into the form.
    if (typeof v === "string" && textProblem(v) === null) values[k] = v;
  }
  return values;
}

export function zodFieldErrors(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    fields[key] ??= issue.message;
  }
  return fields;
}

export type TenantAction<R> = FormAction<R>;

/** Validate, run, and map every failure to an ActionState (shared by both wrappers). */
async function validateAndRun<S extends z.ZodType, R>(
  schema: S,
  raw: Record<string, unknown>,
  values: Record<string, string>,
  run: (input: z.output<S>) => Promise<R>,
  logContext: Record<string, string>,
  successMessage?: string,
): Promise<ActionState<R>> {
  // The shared text rule first: a NUL byte or lone surrogate is a field error, never a database 500.
  const parsed = withTextRule(schema).safeParse(raw);
  if (!parsed.success) {
    const fieldErrors = zodFieldErrors(parsed.error);
    const first = Object.values(fieldErrors)[0];
    return {
      status: "error",
      code: 400,
      message: first ? `Check the highlighted fields: ${first}` : "Check the form",
      fieldErrors,
      values,
    };
  }
  try {
    return { status: "success", data: await run(parsed.data), message: successMessage };
  } catch (err) {
    unstable_rethrow(err); // redirect()/notFound() from the body must reach Next
    if (err instanceof DomainError) {
      return {
        status: "error",
        code: domainErrorStatus(err),
        message: err instanceof InputError ? `Check the highlighted fields: ${err.message}` : err.message,
        fieldErrors: firstErrorPerField(err),
        values,
      };
    }
    if (err instanceof ActionError) {
      return {
        status: "error",
        code: err.opts.code ?? 400,
        message: err.message,
        fieldErrors: err.opts.field ? { [err.opts.field]: err.message } : undefined,
        values,
      };
    }
    webLogger().error({ ...logContext, err }, "server action failed");
    return {
      status: "error",
      code: 500,
      message: "Something went wrong on our side. Nothing was changed; try again.",
      values,
    };
  }
}

export function withTenantAction<S extends z.ZodType, R>(
  schema: S,
  req: AccessRequirement,
  fn: (input: z.output<S>, ctx: TenantContext) => Promise<R>,
  opts: { successMessage?: string } = {},
): TenantAction<R> {
  return async (_prev, input) => {
    const raw = formDataToObject(input);
    const values = echoValues(raw);
    const access = await authorizeTenantAccess(await getSessionUser(), raw.slug, req);
    if (!access.ok) return { status: "error", code: access.status, message: access.reason };
    const { slug: _slug, ...rest } = raw;
    const ctx = access.ctx;
    return validateAndRun(
      schema,
      rest,
      values,
      (data) => fn(data, ctx),
      { tenantId: ctx.tenant.id, userId: ctx.user.id },
      opts.successMessage,
    );
  };
}

/** Same validation and error shape for actions that only need a signed-in user (no tenant yet). */
export function withUserAction<S extends z.ZodType, R>(
  schema: S,
  fn: (input: z.output<S>, user: SessionUser) => Promise<R>,
): TenantAction<R> {
  return async (_prev, input) => {
    const raw = formDataToObject(input);
    const values = echoValues(raw);
    const user = await getSessionUser();
    if (!user) return { status: "error", code: 401, message: "Sign in to continue" };
    return validateAndRun(schema, raw, values, (data) => fn(data, user), { userId: user.id });
  };
}

/** For public forms (sign-up, password reset): validation and error mapping only. */
export function withPublicAction<S extends z.ZodType, R>(
  schema: S,
  fn: (input: z.output<S>) => Promise<R>,
): TenantAction<R> {
  return async (_prev, input) => {
    const raw = formDataToObject(input);
    return validateAndRun(schema, raw, echoValues(raw), fn, {});
  };
}
