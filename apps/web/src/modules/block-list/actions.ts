"use server";
// The tenant's block list from the dashboard: add a rule (from the settings page
// or a call's page) and remove one. Rules and matching live in @articulate/calls.
import { addBlockRule, BlockListInputError, CallInputError, removeBlockRule } from "@articulate/calls";
import { writeAudit } from "@articulate/db";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionError, notFoundInTenant, withTenantAction } from "@/lib/authz/action";

const addSchema = z.object({
  kind: z.enum(["NUMBER", "PREFIX", "WITHHELD"], { message: "Choose what to block" }),
  value: z.string().max(40, "must be at most 40 characters").optional(),
  note: z.string().max(200, "must be at most 200 characters").optional(),
  /** The call the rule was added from, for the audit trail. */
  callId: z.string().max(64).optional(),
});

export const addBlockRuleAction = withTenantAction(
  addSchema,
  { role: "ADMIN" },
  async (input, { tenant, db, user }) => {
    try {
      const { rule, created } = await addBlockRule(
        tenant.id,
        input.kind === "WITHHELD"
          ? { kind: "WITHHELD", note: input.note || undefined }
          : { kind: input.kind, value: input.value ?? "", note: input.note || undefined },
        { userId: user.id },
      );
      if (created) {
        await db.auditLog.create({
          data: {
            tenantId: tenant.id,
            actorType: "user",
            actorId: user.id,
            action: "block_list.added",
            targetType: "BlockedCaller",
            targetId: rule.id,
            data: { kind: rule.kind, value: rule.value, ...(input.callId ? { callId: input.callId } : {}) },
          },
        });
      }
      revalidatePath(`/t/${tenant.slug}/settings/block-list`);
      if (input.callId) revalidatePath(`/t/${tenant.slug}/calls/${input.callId}`);
      return { id: rule.id, created };
    } catch (err) {
      if (err instanceof BlockListInputError || err instanceof CallInputError) {
        throw new ActionError(err.message.replace(/^value: /, ""), { field: "value" });
      }
      throw err;
    }
  },
);

export const removeBlockRuleAction = withTenantAction(
  z.object({ ruleId: z.string().min(1).max(64) }),
  { role: "ADMIN" },
  async ({ ruleId }, { tenant, db, user }) => {
    if (!(await removeBlockRule(tenant.id, ruleId))) throw notFoundInTenant("Block rule");
    await writeAudit(db, {
      tenantId: tenant.id,
      actorType: "user",
      actorId: user.id,
      action: "block_list.removed",
      targetType: "BlockedCaller",
      targetId: ruleId,
    });
    revalidatePath(`/t/${tenant.slug}/settings/block-list`);
    return { ruleId };
  },
  { successMessage: "Removed: calls from it are answered again." },
);
