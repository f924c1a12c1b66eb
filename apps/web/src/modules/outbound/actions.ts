"use server";
// "Call this number" on an agent page: the same domain function as POST /api/v1/calls.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionError, withTenantAction } from "@/lib/authz/action";
import { outboundCallRequestSchema } from "@/modules/public-api/schemas";
import { OutboundCallRefusedError, placeTenantOutboundCall } from "./place-call";

const REFUSAL_STATUS = {
  not_found: 404,
  tenant_suspended: 403,
  number_not_active: 409,
  outside_calling_hours: 409,
  concurrency_limit_reached: 409,
  outbound_not_configured: 409,
  call_failed: 409,
} as const;

export const placeOutboundCallAction = withTenantAction(
  outboundCallRequestSchema.extend({
    to: z
      .string()
      .trim()
      .transform((s) => s.replace(/[\s()-]/g, ""))
      .pipe(outboundCallRequestSchema.shape.to),
  }),
  { role: "ADMIN" },
  async (input, { tenant, user }) => {
    try {
      const call = await placeTenantOutboundCall(tenant, input, { actorType: "user", actorId: user.id });
      revalidatePath(`/t/${tenant.slug}/calls`);
      return { callId: call.id, status: call.status };
    } catch (err) {
      if (err instanceof OutboundCallRefusedError) {
        throw new ActionError(err.message, { field: err.field, code: REFUSAL_STATUS[err.reason] });
      }
      throw err;
    }
  },
);
