import { getBookingForApi } from "@/modules/public-api/bookings";
import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { rejectQuery, resourceId } from "@/modules/public-api/request";

export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string }>(async (req, { tenant, params }) => {
  rejectQuery(req);
  return Response.json(await getBookingForApi(tenant.id, resourceId(params.id, "Booking")));
});
