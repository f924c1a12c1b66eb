// Messages the agent takes for the business ("please call me back").
import { forTenant, type MessageModel as Message } from "@articulate/db";
import { enqueueTenantEvent, messageTakenEventData } from "@articulate/webhooks";
import { z } from "zod";
import { parseInput } from "./lifecycle";

const id = z.string().min(1).max(64);

/** Callback numbers as callers say them: digits with spaces, dashes, brackets, an optional leading +. */
export const callbackNumberSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9(][0-9 ()-]{5,24}$/, "must be a phone number")
  .transform((s) => s.replace(/[\s()-]/g, ""))
  .refine((s) => s.replace("+", "").length >= 6, "must be a phone number");

export const messageFieldsSchema = z.object({
  callerName: z.string().trim().min(1).max(200),
  callbackNumber: callbackNumberSchema,
  reason: z.string().trim().min(1).max(2000),
});

const saveMessageSchema = messageFieldsSchema.extend({
  tenantId: id,
  callId: id.nullish(),
  agentId: id.nullish(),
});
export type SaveMessageInput = z.input<typeof saveMessageSchema>;

/** Stores a message for the tenant; the call, when given, must be the tenant's own. */
export async function saveMessage(input: SaveMessageInput): Promise<Message> {
  const i = parseInput(saveMessageSchema, input);
  const tdb = forTenant(i.tenantId);
  if (i.callId) {
    const call = await tdb.call.findFirst({ where: { id: i.callId }, select: { id: true } });
    if (!call) throw new Error(`call ${i.callId} not found for this tenant`);
  }
  // The message and its message.taken webhook (outbox) commit together.
  return tdb.$transaction(async (tx) => {
    const message = await tx.message.create({
      data: {
        tenantId: i.tenantId,
        callId: i.callId ?? null,
        agentId: i.agentId ?? null,
        callerName: i.callerName,
        callbackNumber: i.callbackNumber,
        reason: i.reason,
      },
    });
    await enqueueTenantEvent(tx, i.tenantId, "message.taken", messageTakenEventData(message));
    return message;
  });
}
