// One page of call history for the dashboard and the CSV export: the shared
// keyset read model, or, with a search term, a full-text search over the
// tenant's transcripts with the same filters, order and cursor semantics.
import {
  type CallListItem,
  CallListQueryError,
  type CallPage,
  forTenant,
  listTenantCalls,
  Prisma,
  platformDb,
} from "@articulate/db";
import { type CallFilters, filterRange } from "./filters";

export class CallHistoryError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function encodeCursor(startedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify({ s: startedAt.toISOString(), i: id })).toString("base64url");
}

function decodeCursor(raw: string): { startedAt: Date; id: string } {
  try {
    const v = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as { s?: unknown; i?: unknown };
    if (typeof v.s === "string" && typeof v.i === "string" && !Number.isNaN(Date.parse(v.s)))
      return { startedAt: new Date(v.s), id: v.i };
  } catch {
    // fall through
  }
  throw new CallHistoryError("after", "That page link is no longer valid; start from the newest calls.");
}

export async function loadCallHistory(
  tenantId: string,
  timeZone: string,
  filters: CallFilters,
  limit: number,
): Promise<CallPage> {
  const range = filterRange(filters, timeZone);
  if (!filters.q) {
    try {
      return await listTenantCalls(tenantId, {
        limit,
        after: filters.after,
        status: filters.status,
        direction: filters.direction,
        agentId: filters.agent,
        phoneNumberId: filters.number,
        ...range,
      });
    } catch (err) {
      if (err instanceof CallListQueryError) throw new CallHistoryError(err.field, err.message);
      throw err;
    }
  }
  return searchCalls(tenantId, filters, range, limit);
}

const LIKE_ESCAPE = /[\\%_]/g;
/** Newest calls searched first for a full page before falling back to the index. */
const SEARCH_WINDOW = 500;

async function searchCalls(
  tenantId: string,
  filters: CallFilters,
  range: { from?: Date; to?: Date },
  limit: number,
): Promise<CallPage> {
  const q = filters.q ?? "";
  const cursor = filters.after ? decodeCursor(filters.after) : null;
  const conds: Prisma.Sql[] = [Prisma.sql`c."tenantId" = ${tenantId}`];
  if (filters.status) conds.push(Prisma.sql`c."status" = ${filters.status}::"CallStatus"`);
  if (filters.direction) conds.push(Prisma.sql`c."direction" = ${filters.direction}::"CallDirection"`);
  if (filters.agent) conds.push(Prisma.sql`c."agentId" = ${filters.agent}`);
  if (filters.number) conds.push(Prisma.sql`c."phoneNumberId" = ${filters.number}`);
  if (range.from) conds.push(Prisma.sql`c."startedAt" >= ${range.from}`);
  if (range.to) conds.push(Prisma.sql`c."startedAt" < ${range.to}`);
  if (cursor) conds.push(Prisma.sql`(c."startedAt", c."id") < (${cursor.startedAt}, ${cursor.id})`);
  const like = (term: string) => `%${term.replace(LIKE_ESCAPE, (m) => `\\${m}`)}%`;
  // Word stems from Postgres's own English stemmer ("rescheduling" → "reschedul"),
  // so a search also finds other forms of its words; stop words are dropped.
  const words = q.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
  const stems = words.length
    ? (
        await platformDb().$queryRaw<{ stem: string }[]>`
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
  // Segments are matched within the same tenant (never through the call alone),
  // by case-insensitive substring of the phrase or of every word's stem. Both
  // are served by the trigram index on TranscriptSegment.text (terms of 3+ chars).
  const segmentMatches = Prisma.sql`s."tenantId" = ${tenantId} AND (s."text" ILIKE ${like(q)}${stemMatch})`;
  // Two passes. Most searches match densely, so first look for a full page
  // among the newest SEARCH_WINDOW calls (bounded work). If that page is not
  // full, collect exactly the matching calls from the trigram index and page
  // through those (a rare term costs an index lookup, not a walk over every call).
  const where = Prisma.join(conds, " AND ");
  const recent = await platformDb().$queryRaw<{ id: string }[]>`
    SELECT c."id" FROM (
      SELECT c."id", c."startedAt" FROM "Call" c WHERE ${where}
      ORDER BY c."startedAt" DESC, c."id" DESC LIMIT ${SEARCH_WINDOW}
    ) c
    WHERE EXISTS (SELECT 1 FROM "TranscriptSegment" s WHERE s."callId" = c."id" AND ${segmentMatches})
    ORDER BY c."startedAt" DESC, c."id" DESC
    LIMIT ${limit + 1}`;
  const rows =
    recent.length > limit
      ? recent
      : await platformDb().$queryRaw<{ id: string }[]>`
          WITH hits AS MATERIALIZED (SELECT DISTINCT s."callId" FROM "TranscriptSegment" s WHERE ${segmentMatches})
          SELECT c."id" FROM "Call" c JOIN hits h ON h."callId" = c."id"
          WHERE ${where}
          ORDER BY c."startedAt" DESC, c."id" DESC
          LIMIT ${limit + 1}`;
  const ids = rows.map((r) => r.id);
  const hasMore = ids.length > limit;
  const pageIds = hasMore ? ids.slice(0, limit) : ids;
  const calls = await forTenant(tenantId).call.findMany({
    where: { id: { in: pageIds } },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      direction: true,
      status: true,
      fromNumber: true,
      toNumber: true,
      agentId: true,
      phoneNumberId: true,
      startedAt: true,
      answeredAt: true,
      endedAt: true,
      endReason: true,
      billableSeconds: true,
      billableMinutes: true,
      priceMinor: true,
      outcome: true,
      recordingState: true,
    },
  });
  const items: CallListItem[] = calls;
  const last = items[items.length - 1];
  return { items, nextCursor: hasMore && last ? encodeCursor(last.startedAt, last.id) : null };
}
