// The business's bookings as an .ics feed for the owner's phone calendar. No
// session: the token in the path is the credential (an HMAC under the business's
// feed secret); anything else is a 404 that says nothing.
import { bookingFeed } from "@articulate/booking";

export async function GET(_req: Request, { params }: { params: Promise<{ tenantId: string; token: string }> }) {
  const { tenantId, token } = await params;
  const feed = await bookingFeed(tenantId, token.replace(/\.ics$/, ""));
  if (!feed) return new Response("Not found", { status: 404, headers: { "cache-control": "no-store" } });
  return new Response(feed, {
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": 'inline; filename="bookings.ics"',
      "cache-control": "private, max-age=300",
    },
  });
}
