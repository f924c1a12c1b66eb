"use server";
// The inbox's server actions. Domain logic (states, assignee checks, audit,
// message.updated) lives in @articulate/calls; these authorise, validate and map errors.
import { CallInputError, MessageNotFoundError, markMessagesDone, updateMessage } from "@articulate/calls";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionError, notFoundInTenant, withTenantAction } from "@/lib/authz/action";

async function mapped<R>(slug: string, run: () => Promise<R>): Promise<R> {
  try {
    const r = await run();
    revalidatePath(`/t/${slug}/messages`, "layout");
    return r;
  } catch (err) {
    if (err instanceof MessageNotFoundError) throw notFoundInTenant("That message");
    if (err instanceof CallInputError) throw new ActionError(err.message, { field: err.field, code: 400 });
    throw err;
  }
}

export const updateMessageAction = withTenantAction(
  z.object({
    messageId: z.string().min(1).max(64),
    status: z.enum(["NEW", "SEEN", "DONE"]),
    assigneeId: z
      .string()
      .max(64)
      .transform((v) => (v === "" ? null : v)),
    note: z.string().trim().max(2000, "Keep the note under 2,000 characters"),
  }),
  {},
  async ({ messageId, ...patch }, { tenant, user }) =>
    mapped(tenant.slug, async () => {
      const m = await updateMessage(tenant.id, messageId, patch, { type: "user", id: user.id });
      return { id: m.id, status: m.status };
    }),
  { successMessage: "Saved" },
);

export const markMessagesDoneAction = withTenantAction(
  z.object({
    messageIds: z
      .union([z.string().min(1).max(64), z.array(z.string().min(1).max(64))], {
        message: "Select at least one message",
      })
      .transform((v) => (Array.isArray(v) ? v : [v])),
  }),
  {},
  async ({ messageIds }, { tenant, user }) =>
    mapped(tenant.slug, async () => ({
      done: await markMessagesDone(tenant.id, messageIds, { type: "user", id: user.id }),
    })),
);
