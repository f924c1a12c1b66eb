// Authorising wrapper for /admin server actions: anyone who is not a platform
// admin (signed out, tenant owners, members) gets Next's 404, exactly like the
// pages (requirePlatformAdmin), so the console's existence is not advertised.
import { withTextRule } from "@articulate/core";
import { notFound, unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { webLogger } from "../log";
import { formDataToObject, zodFieldErrors } from "./action";
import type { ActionInput, ActionState } from "./action-state";
import { getPlatformAdmin } from "./platform";
import type { SessionUser } from "./session";

export class AdminActionError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "AdminActionError";
  }
}

export function withPlatformAdmin<S extends z.ZodType, R>(
  schema: S,
  fn: (input: z.output<S>, admin: SessionUser) => Promise<R>,
  opts: { successMessage?: string } = {},
): (prev: ActionState<R>, input: ActionInput) => Promise<ActionState<R>> {
  return async (_prev, input) => {
    const admin = await getPlatformAdmin();
    if (!admin) notFound();
    const raw = formDataToObject(input);
    const parsed = withTextRule(schema).safeParse(raw);
    if (!parsed.success) {
      const fieldErrors = zodFieldErrors(parsed.error);
      return {
        status: "error",
        code: 400,
        message: `Check the highlighted fields: ${Object.values(fieldErrors)[0] ?? "invalid"}`,
        fieldErrors,
      };
    }
    try {
      return { status: "success", data: await fn(parsed.data, admin), message: opts.successMessage };
    } catch (err) {
      unstable_rethrow(err);
      if (err instanceof AdminActionError) {
        return {
          status: "error",
          code: 400,
          message: err.message,
          fieldErrors: err.field ? { [err.field]: err.message } : undefined,
        };
      }
      webLogger().error({ adminId: admin.id, err }, "admin action failed");
      return {
        status: "error",
        code: 500,
        message: "Something went wrong on our side. Nothing was changed; try again.",
      };
    }
  };
}
