"use server";
// "Call this number" on an agent page: the same domain function as POST /api/v1/calls
// (@articulate/calls placeTenantOutboundCall) and the same refusal → status table.
import { outboundRefusalHttp, placeTenantOutboundCall } from "@articulate/calls";
import { DomainError } from "@articulate/core";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionError, withTenantAction } from "@/lib/authz/action";
import { outboundCallRequestSchema } from "@/modules/public-api/schemas";

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
      const http = outboundRefusalHttp(err);
      if (http && err instanceof DomainError) {
        const field = typeof err.details.field === "string" ? err.details.field : undefined;
        throw new ActionError(err.message, { field, code: http.status });
      }
      throw err;
    }
  },
);
