"use server";
// "Call this number" on an agent page: the same domain function as POST /api/v1/calls
// (@articulate/calls placeTenantOutboundCall); refusals map to a status in the action wrapper.
import { placeTenantOutboundCall } from "@articulate/calls";
import { toE164 } from "@articulate/telephony/phone-numbers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { withTenantAction } from "@/lib/authz/action";
import { outboundCallRequestSchema } from "@/modules/public-api/schemas";

export const placeOutboundCallAction = withTenantAction(
  outboundCallRequestSchema.extend({
    to: z
      .string()
      .trim()
      // Owners type numbers as they say them ("0412 345 678"); the API takes E.164.
      .transform((s) => toE164(s) ?? s.replace(/[\s()-]/g, ""))
      .pipe(outboundCallRequestSchema.shape.to),
  }),
  { role: "ADMIN" },
  async (input, { tenant, user }) => {
    const call = await placeTenantOutboundCall(tenant, input, { actorType: "user", actorId: user.id });
    revalidatePath(`/t/${tenant.slug}/calls`);
    return { callId: call.id, status: call.status };
  },
);
