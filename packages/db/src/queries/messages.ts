// A tenant's messages inbox, newest first, with keyset pagination over
// (createdAt desc, id desc): Message(tenantId, createdAt DESC, id DESC) and
// Message(tenantId, status, createdAt DESC, id DESC) serve every page in
// O(page size), however deep. Same cursor rules as the call list.
import { InputError } from "@articulate/core";
import { z } from "zod";
import { sqlPool } from "../client";
import { MessageStatus, MessageUrgency } from "../generated/prisma/enums";
import { decodeKeysetCursor, keysetPage } from "./keyset-cursor";

/** A bad list option; the message starts with the field's name. */
export class MessageListQueryError extends InputError {
  constructor(field: string, message: string) {
    super(field, `${field}: ${message}`);
  }
}

function decodeCursor(raw: string): { createdAt: Date; id: string } {
  const cursor = decodeKeysetCursor(raw);
  if (!cursor) throw new MessageListQueryError("after", "invalid cursor");
  return { createdAt: cursor.at, id: cursor.id };
}

const listOptionsSchema = z
  .object({
    limit: z.number().int().min(1).max(100),
    after: z.string().min(1).optional(),
    status: z.enum(MessageStatus).optional(),
    /** "open" = NEW or SEEN (the inbox's default view). */
    open: z.boolean().optional(),
    urgency: z.enum(MessageUrgency).optional(),
    /** A member's user id, or "none" for unassigned. */
    assigneeId: z.string().min(1).max(64).optional(),
    from: z.date().optional(),
    to: z.date().optional(),
  })
  .refine((o) => !o.from || !o.to || o.from < o.to, { path: ["to"], message: "must be after from" });

export type ListTenantMessagesOptions = z.input<typeof listOptionsSchema>;

export interface MessageListItem {
  id: string;
  callId: string | null;
  agentId: string | null;
  callerName: string;
  callbackNumber: string;
  reason: string;
  urgency: MessageUrgency;
  status: MessageStatus;
  assigneeId: string | null;
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface MessagePage {
  items: MessageListItem[];
  nextCursor: string | null;
}

const LIST_COLUMNS = `"id", "callId", "agentId", "callerName", "callbackNumber", "reason", "urgency", "status", "assigneeId",
  "note", "createdAt", "updatedAt"`;

/** One page of a tenant's messages, newest first; MessageListQueryError names a bad field. */
export async function listTenantMessages(tenantId: string, options: ListTenantMessagesOptions): Promise<MessagePage> {
  if (typeof tenantId !== "string" || tenantId.length === 0) throw new MessageListQueryError("tenantId", "required");
  const parsed = listOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MessageListQueryError(String(issue?.path[0] ?? "options"), issue?.message ?? "invalid");
  }
  const o = parsed.data;
  const cursor = o.after ? decodeCursor(o.after) : null;
  // Hand-written SQL on the shared pool, tenant first (the indexes' leading column);
  // one named prepared statement per filter combination.
  let shape = "";
  const values: unknown[] = [tenantId];
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const filters = ['"tenantId" = $1'];
  const add = (flag: string, sql: string) => {
    shape += flag;
    filters.push(sql);
  };
  if (o.status) add("s", `"status" = ${param(o.status)}::"MessageStatus"`);
  else if (o.open) add("o", `"status" IN ('NEW', 'SEEN')`);
  if (o.urgency) add("u", `"urgency" = ${param(o.urgency)}::"MessageUrgency"`);
  if (o.assigneeId === "none") add("n", `"assigneeId" IS NULL`);
  else if (o.assigneeId) add("a", `"assigneeId" = ${param(o.assigneeId)}`);
  if (o.from) add("f", `"createdAt" >= ${param(o.from)}`);
  if (o.to) add("t", `"createdAt" < ${param(o.to)}`);
  if (cursor) add("c", `("createdAt", "id") < (${param(cursor.createdAt)}::timestamptz, ${param(cursor.id)})`);
  const { rows } = await sqlPool().query<MessageListItem>({
    name: `articulate_list_messages_${shape || "all"}`,
    text: `SELECT ${LIST_COLUMNS} FROM "Message" WHERE ${filters.join(" AND ")} ORDER BY "createdAt" DESC, "id" DESC LIMIT ${param(o.limit + 1)}`,
    values,
  });
  return keysetPage(rows, o.limit, (m) => m.createdAt);
}

/** New (unopened) messages: the number beside "Messages" in the navigation. */
export async function countNewMessages(tenantId: string): Promise<number> {
  if (!tenantId) throw new MessageListQueryError("tenantId", "required");
  const { rows } = await sqlPool().query<{ n: number }>({
    name: "articulate_count_new_messages",
    text: `SELECT count(*)::int AS n FROM "Message" WHERE "tenantId" = $1 AND "status" = 'NEW'`,
    values: [tenantId],
  });
  return rows[0]?.n ?? 0;
}
