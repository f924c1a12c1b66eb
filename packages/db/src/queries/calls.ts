// A tenant's call history, newest first, with keyset pagination over
// (startedAt desc, id desc): the index Call(tenantId, startedAt DESC, id DESC)
// serves every page in O(page size), however deep. The cursor is opaque to
// clients (base64url JSON) and validated on the way back in.
import { InputError } from "@articulate/core";
import { z } from "zod";
import { platformDb, sqlPool } from "../client";
import { Prisma } from "../generated/prisma/client";
import {
  CallDirection,
  type CallEndReason,
  type CallOutcome,
  CallStatus,
  type RecordingState,
  type UnbilledReason,
} from "../generated/prisma/enums";
import { decodeKeysetCursor, encodeKeysetCursor, keysetPage } from "./keyset-cursor";

/** A bad list option; the message starts with the field's name. */
export class CallListQueryError extends InputError {
  constructor(field: string, message: string) {
    super(field, `${field}: ${message}`);
  }
}

/** The opaque cursor for "after this call" (exported for the benchmarks; clients only ever echo it back). */
export function encodeCallCursor(startedAt: Date, id: string): string {
  return encodeKeysetCursor(startedAt, id);
}

function decodeCursor(raw: string): { startedAt: Date; id: string } {
  const cursor = decodeKeysetCursor(raw);
  if (!cursor) throw new CallListQueryError("after", "invalid cursor");
  return { startedAt: cursor.at, id: cursor.id };
}

const listOptionsSchema = z
  .object({
    limit: z.number().int().min(1).max(100),
    after: z.string().min(1).optional(),
    direction: z.enum(CallDirection).optional(),
    status: z.enum(CallStatus).optional(),
    agentId: z.string().min(1).optional(),
    phoneNumberId: z.string().min(1).optional(),
    from: z.date().optional(),
    to: z.date().optional(),
    /** Words or a phrase to find in the calls' transcripts (same filters, order and cursor). */
    search: z.string().trim().max(200).optional(),
  })
  .refine((o) => !o.from || !o.to || o.from < o.to, { path: ["to"], message: "must be after from" });

export type ListTenantCallsOptions = z.input<typeof listOptionsSchema>;

/** One row of a call list: what the list shows (no transcript, no latency blob). */
export interface CallListItem {
  id: string;
  direction: CallDirection;
  status: CallStatus;
  fromNumber: string;
  toNumber: string;
  agentId: string | null;
  phoneNumberId: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  endReason: CallEndReason | null;
  billableSeconds: number;
  billableMinutes: number;
  priceMinor: number;
  outcome: CallOutcome | null;
  isTest: boolean;
  unbilledReason: UnbilledReason | null;
  /** The analysis summary, cut to a snippet for lists. */
  summary: string | null;
  /** #15: the list marks calls with a recording. */
  recordingState: RecordingState;
}

const LIST_COLUMNS = `"id", "direction", "status", "fromNumber", "toNumber", "agentId", "phoneNumberId", "startedAt", "answeredAt",
  "endedAt", "endReason", "billableSeconds", "billableMinutes", "priceMinor", "outcome", "isTest", "unbilledReason",
  left("summary", 160) AS "summary", "recordingState"`;

export interface CallPage {
  items: CallListItem[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * One page of a tenant's calls, newest first. Throws CallListQueryError (with
 * the offending field) for a bad limit, filter or cursor.
 */
export async function listTenantCalls(tenantId: string, options: ListTenantCallsOptions): Promise<CallPage> {
  if (typeof tenantId !== "string" || tenantId.length === 0) throw new CallListQueryError("tenantId", "required");
  const parsed = listOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CallListQueryError(String(issue?.path[0] ?? "options"), issue?.message ?? "invalid");
  }
  const o = parsed.data;
  const cursor = o.after ? decodeCursor(o.after) : null;
  if (o.search) return searchTenantCalls(tenantId, o, cursor);

  // Hand-written SQL on the shared pool rather than findMany/$queryRaw: this
  // list is the dashboard's hottest read and the ORM's mapping cost 1.5–1.9× the
  // raw query (docs/benchmarks.md). Tenant-scoped by construction: tenantId is
  // the first predicate and the index's leading column.
  // Each filter combination is its own named prepared statement (at most 2^7
  // texts), planned once per connection.
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
  if (o.direction) add("d", `"direction" = ${param(o.direction)}`);
  if (o.status) add("s", `"status" = ${param(o.status)}`);
  if (o.agentId) add("a", `"agentId" = ${param(o.agentId)}`);
  if (o.phoneNumberId) add("n", `"phoneNumberId" = ${param(o.phoneNumberId)}`);
  if (o.from) add("f", `"startedAt" >= ${param(o.from)}`);
  if (o.to) add("t", `"startedAt" < ${param(o.to)}`);
  // A row comparison is an index condition on (tenantId, startedAt DESC, id DESC):
  // the scan starts right after the cursor, however deep.
  if (cursor) add("c", `("startedAt", "id") < (${param(cursor.startedAt)}::timestamptz, ${param(cursor.id)})`);
  const { rows } = await sqlPool().query<CallListItem>({
    name: `articulate_list_calls_${shape || "all"}`,
    text: `SELECT ${LIST_COLUMNS} FROM "Call" WHERE ${filters.join(" AND ")} ORDER BY "startedAt" DESC, "id" DESC LIMIT ${param(o.limit + 1)}`,
    values,
  });
  return keysetPage(rows, o.limit, (c) => c.startedAt);
}

const LIKE_ESCAPE = /[\\%_]/g;
/** Newest calls searched first for a full page before falling back to the index. */
const SEARCH_WINDOW = 500;

/**
 * The call list filtered to calls whose transcript mentions the search: by
 * case-insensitive substring of the phrase or of every word's English stem
 * ("rescheduling" also finds "rescheduled"). Segments are matched within the
 * same tenant (never through the call alone); both patterns are served by the
 * trigram index on TranscriptSegment.text.
 */
async function searchTenantCalls(
  tenantId: string,
  o: z.output<typeof listOptionsSchema>,
  cursor: { startedAt: Date; id: string } | null,
): Promise<CallPage> {
  const q = o.search ?? "";
  const conds: Prisma.Sql[] = [Prisma.sql`c."tenantId" = ${tenantId}`];
  if (o.status) conds.push(Prisma.sql`c."status" = ${o.status}::"CallStatus"`);
  if (o.direction) conds.push(Prisma.sql`c."direction" = ${o.direction}::"CallDirection"`);
  if (o.agentId) conds.push(Prisma.sql`c."agentId" = ${o.agentId}`);
  if (o.phoneNumberId) conds.push(Prisma.sql`c."phoneNumberId" = ${o.phoneNumberId}`);
  if (o.from) conds.push(Prisma.sql`c."startedAt" >= ${o.from}`);
  if (o.to) conds.push(Prisma.sql`c."startedAt" < ${o.to}`);
  if (cursor) conds.push(Prisma.sql`(c."startedAt", c."id") < (${cursor.startedAt}, ${cursor.id})`);
  const like = (term: string) => `%${term.replace(LIKE_ESCAPE, (m) => `\\${m}`)}%`;
  const db = platformDb();
  // Word stems from Postgres's own English stemmer; stop words are dropped.
  const words = q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
  const stems = words.length
    ? (
        await db.$queryRaw<{ stem: string }[]>`
          SELECT (ts_lexize('english_stem', w))[1] AS stem FROM unnest(${words}::text[]) AS w
          WHERE cardinality(ts_lexize('english_stem', w)) > 0`
      ).map((r) => r.stem)
    : [];
  const stemMatch = stems.length
    ? Prisma.sql` OR (${Prisma.join(
        stems.map((stem) => Prisma.sql`s."text" ILIKE ${like(stem)}`),
        " AND ",
      )})`
    : Prisma.empty;
  const segmentMatches = Prisma.sql`s."tenantId" = ${tenantId} AND (s."text" ILIKE ${like(q)}${stemMatch})`;
  // Two passes. Most searches match densely, so first look for a full page
  // among the newest SEARCH_WINDOW calls (bounded work). If that page is not
  // full, collect exactly the matching calls from the trigram index and page
  // through those (a rare term costs an index lookup, not a walk over every call).
  const where = Prisma.join(conds, " AND ");
  const recent = await db.$queryRaw<{ id: string; startedAt: Date }[]>`
    SELECT c."id", c."startedAt" FROM (
      SELECT c."id", c."startedAt" FROM "Call" c WHERE ${where}
      ORDER BY c."startedAt" DESC, c."id" DESC LIMIT ${SEARCH_WINDOW}
    ) c
    WHERE EXISTS (SELECT 1 FROM "TranscriptSegment" s WHERE s."callId" = c."id" AND ${segmentMatches})
    ORDER BY c."startedAt" DESC, c."id" DESC
    LIMIT ${o.limit + 1}`;
  const rows =
    recent.length > o.limit
      ? recent
      : await db.$queryRaw<{ id: string; startedAt: Date }[]>`
          WITH hits AS MATERIALIZED (SELECT DISTINCT s."callId" FROM "TranscriptSegment" s WHERE ${segmentMatches})
          SELECT c."id", c."startedAt" FROM "Call" c JOIN hits h ON h."callId" = c."id"
          WHERE ${where}
          ORDER BY c."startedAt" DESC, c."id" DESC
          LIMIT ${o.limit + 1}`;
  const page = keysetPage(rows, o.limit, (c) => c.startedAt);
  const { rows: items } = await sqlPool().query<CallListItem>({
    text: `SELECT ${LIST_COLUMNS} FROM "Call" WHERE "tenantId" = $1 AND "id" = ANY($2::text[]) ORDER BY "startedAt" DESC, "id" DESC`,
    values: [tenantId, page.items.map((r) => r.id)],
  });
  return { items, nextCursor: page.nextCursor };
}
