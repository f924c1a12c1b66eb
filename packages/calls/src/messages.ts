// Messages the agent takes for the business ("please call me back"), and the
// owner's inbox workflow on them: new → seen → done, an assignee, a note.
// Every change is audited and announced as `message.updated` (outbox, same
// transaction as the change).

import { DomainError } from "@articulate/core";
import { forTenant, type MessageModel as Message, type Prisma, type TenantDb, writeAudit } from "@articulate/db";
import { enqueueTenantEvent, messageTakenEventData, messageUpdatedEventData } from "@articulate/webhooks";
import { z } from "zod";
import { CallInputError, parseInput } from "./lifecycle";

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
  /** What the caller said about how soon they need a call back. */
  urgency: z.enum(["urgent", "normal"]).default("normal"),
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
        urgency: i.urgency === "urgent" ? "URGENT" : "NORMAL",
      },
    });
    await enqueueTenantEvent(tx, i.tenantId, "message.taken", messageTakenEventData(message));
    return message;
  });
}

// ─── the inbox ───

export class MessageNotFoundError extends DomainError {
  constructor() {
    super("not_found", "message not found");
  }
}

/** Who changed a message (audit log actor). */
export interface MessageActor {
  type: "user" | "api_key";
  id: string;
}

export const messageUpdateSchema = z
  .object({
    status: z.enum(["NEW", "SEEN", "DONE"]).optional(),
    /** A member's user id, or null to unassign. */
    assigneeId: id.nullable().optional(),
    note: z.string().trim().max(2000, "must be at most 2000 characters").nullable().optional(),
  })
  .strict()
  .refine((p) => p.status !== undefined || p.assigneeId !== undefined || p.note !== undefined, {
    message: "give at least one of status, assigneeId, note",
  });
export type MessageUpdate = z.input<typeof messageUpdateSchema>;
type Changed = ("status" | "assigneeId" | "note")[];
/** The tenant-scoped client inside an interactive transaction. */
type Tx = Parameters<Parameters<TenantDb["$transaction"]>[0]>[0];

async function applyUpdate(
  tx: Tx,
  tenantId: string,
  message: Message,
  patch: z.output<typeof messageUpdateSchema>,
  actor: MessageActor,
): Promise<Message> {
  const data: Prisma.MessageUncheckedUpdateInput = {};
  const changed: Changed = [];
  if (patch.status !== undefined && patch.status !== message.status) {
    data.status = patch.status;
    changed.push("status");
  }
  if (patch.assigneeId !== undefined && patch.assigneeId !== message.assigneeId) {
    data.assigneeId = patch.assigneeId;
    changed.push("assigneeId");
  }
  const note = patch.note === "" ? null : patch.note;
  if (note !== undefined && note !== message.note) {
    data.note = note;
    changed.push("note");
  }
  if (changed.length === 0) return message;
  const updated = await tx.message.update({ where: { id: message.id }, data });
  await writeAudit(tx, {
    tenantId,
    actorType: actor.type,
    actorId: actor.id,
    action: "message.updated",
    targetType: "Message",
    targetId: message.id,
    data: Object.fromEntries(
      changed.map((k) => [k, { from: message[k] ?? null, to: updated[k] ?? null }]),
    ) as Prisma.InputJsonValue,
  });
  await enqueueTenantEvent(tx, tenantId, "message.updated", messageUpdatedEventData(updated, changed));
  return updated;
}

async function assertAssignable(tx: Tx, tenantId: string, assigneeId: string | null | undefined) {
  if (!assigneeId) return;
  const member = await tx.membership.findFirst({ where: { tenantId, userId: assigneeId }, select: { id: true } });
  if (!member) throw new CallInputError("assigneeId", "must be a member of this business");
}

/**
 * Changes a message's state, assignee or note. Another tenant's id is "not found"
 * and changes nothing; an assignee must be a member of the tenant.
 */
export async function updateMessage(
  tenantId: string,
  messageId: string,
  input: MessageUpdate,
  actor: MessageActor,
): Promise<Message> {
  const patch = parseInput(messageUpdateSchema, input);
  return forTenant(tenantId).$transaction(async (tx) => {
    const message = await tx.message.findFirst({ where: { id: messageId, tenantId } });
    if (!message) throw new MessageNotFoundError();
    await assertAssignable(tx, tenantId, patch.assigneeId);
    return applyUpdate(tx, tenantId, message, patch, actor);
  });
}

/** Opening a new message marks it seen (audited like any change). */
export async function markMessageSeen(tenantId: string, messageId: string, actor: MessageActor): Promise<void> {
  const message = await forTenant(tenantId).message.findFirst({ where: { id: messageId }, select: { status: true } });
  if (message?.status === "NEW") await updateMessage(tenantId, messageId, { status: "SEEN" }, actor);
}

const bulkSchema = z.array(id).min(1, "select at least one message").max(200, "at most 200 at once");

/** Marks several messages done at once; ids of other tenants are ignored. Returns how many changed. */
export async function markMessagesDone(tenantId: string, messageIds: string[], actor: MessageActor): Promise<number> {
  const ids = parseInput(bulkSchema, messageIds);
  return forTenant(tenantId).$transaction(async (tx) => {
    const rows = await tx.message.findMany({ where: { tenantId, id: { in: ids }, status: { not: "DONE" } } });
    for (const m of rows) await applyUpdate(tx, tenantId, m, { status: "DONE" }, actor);
    return rows.length;
  });
}
