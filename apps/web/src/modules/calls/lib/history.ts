// One page of call history for the dashboard and the CSV export: the shared
// keyset read model, or, with a search term, a full-text search over the
// tenant's transcripts with the same filters, order and cursor semantics.
import { CallListQueryError, type CallListItem, type CallPage, Prisma, forTenant, listTenantCalls, platformDb } from "@articulate/db";
import { type CallFilters, filterRange } from "./filters";

export class CallHistoryError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

function encodeCursor(startedAt: Date, id: string): string {
  return Buffer.from(JSON.stringify({ s: startedAt.toISOString(), i: id })).toString("base64url");
}

function decodeCursor(raw: string): { startedAt: Date; id: string } {
  try {
    const v = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as { s?: unknown; i?: unknown };
    if (typeof v.s === "string" && typeof v.i === "string" && !Number.isNaN(Date.parse(v.s))) return { startedAt: new Date(v.s), id: v.i };
  } catch {
    // fall through
  }
  throw new CallHistoryError("after", "That page link is no longer valid; start from the newest calls.");
}

export async function loadCallHistory(tenantId: string, timeZone: string, filters: CallFilters, limit: number): Promise<CallPage> {
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

async function searchCalls(tenantId: string, filters: CallFilters, range: { from?: Date; to?: Date }, limit: number): Promise<CallPage> {
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
  const like = `%${q.replace(LIKE_ESCAPE, (m) => `\\${m}`)}%`;
  // Segments are matched within the same tenant (never through the call alone):
  // stemmed full-text match, or a plain substring for numbers and partial words.
  const rows = await platformDb().$queryRaw<{ id: string }[]>`
    SELECT c."id" FROM "Call" c
    WHERE ${Prisma.join(conds, " AND ")}
      AND EXISTS (
        SELECT 1 FROM "TranscriptSegment" s
        WHERE s."tenantId" = ${tenantId} AND s."callId" = c."id"
          AND (to_tsvector('english', s."text") @@ plainto_tsquery('english', ${q}) OR s."text" ILIKE ${like})
      )
    ORDER BY c."startedAt" DESC, c."id" DESC
    LIMIT ${limit + 1}`;
  const ids = rows.map((r) => r.id);
  const hasMore = ids.length > limit;
  const pageIds = hasMore ? ids.slice(0, limit) : ids;
  const calls = await forTenant(tenantId).call.findMany({
    where: { id: { in: pageIds } },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    select: {
      id: true, direction: true, status: true, fromNumber: true, toNumber: true, agentId: true, phoneNumberId: true,
      startedAt: true, answeredAt: true, endedAt: true, endReason: true, billableSeconds: true, billableMinutes: true, priceMinor: true, outcome: true,
    },
  });
  const items: CallListItem[] = calls;
  const last = items[items.length - 1];
  return { items, nextCursor: hasMore && last ? encodeCursor(last.startedAt, last.id) : null };
}
