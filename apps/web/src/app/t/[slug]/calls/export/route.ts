// CSV export of the (filtered) call history, streamed page by page with the same keyset reads as the list.
import { withTenantRoute } from "@/lib/authz/route";
import { csvRow } from "@/modules/calls/lib/csv";
import { parseCallFilters } from "@/modules/calls/lib/filters";
import { CallHistoryError, loadCallHistory } from "@/modules/calls/lib/history";

const HEADER = [
  "call_id",
  "started_at",
  "direction",
  "status",
  "from",
  "to",
  "agent_id",
  "phone_number_id",
  "answered_at",
  "ended_at",
  "end_reason",
  "billable_seconds",
  "billable_minutes",
  "price_aud_cents",
];
const MAX_ROWS = 100_000;

export const GET = withTenantRoute<{ slug: string }>(async (req, { tenant }) => {
  const url = new URL(req.url);
  const { filters, problems } = parseCallFilters(Object.fromEntries(url.searchParams));
  if (problems.length > 0)
    return Response.json({ error: { status: 400, message: problems.join("; ") } }, { status: 400 });
  // Validate the first page before streaming, so a bad filter is a 400, not a broken file.
  let first: Awaited<ReturnType<typeof loadCallHistory>>;
  try {
    first = await loadCallHistory(tenant.id, tenant.timezone, { ...filters, after: undefined }, 100);
  } catch (err) {
    if (err instanceof CallHistoryError)
      return Response.json({ error: { status: 400, message: `${err.field}: ${err.message}` } }, { status: 400 });
    throw err;
  }
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(enc.encode(csvRow(HEADER)));
      let page = first;
      let rows = 0;
      for (;;) {
        for (const c of page.items) {
          controller.enqueue(
            enc.encode(
              csvRow([
                c.id,
                c.startedAt,
                c.direction,
                c.status,
                c.fromNumber,
                c.toNumber,
                c.agentId,
                c.phoneNumberId,
                c.answeredAt,
                c.endedAt,
                c.endReason,
                c.billableSeconds,
                c.billableMinutes,
                c.priceMinor,
              ]),
            ),
          );
        }
        rows += page.items.length;
        if (!page.nextCursor || rows >= MAX_ROWS) break;
        page = await loadCallHistory(tenant.id, tenant.timezone, { ...filters, after: page.nextCursor }, 100);
      }
      controller.close();
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${tenant.slug}-calls-${date}.csv"`,
      "cache-control": "no-store",
    },
  });
});
