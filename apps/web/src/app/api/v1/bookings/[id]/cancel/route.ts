import { cancelBookingForApi } from "@/modules/public-api/bookings";
import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { rejectQuery, resourceId } from "@/modules/public-api/request";

export const dynamic = "force-dynamic";

export const POST = withApiKey<{ id: string }>(async (req, { tenant, apiKey, params }) => {
  rejectQuery(req);
  return Response.json(await cancelBookingForApi(tenant.id, resourceId(params.id, "Booking"), apiKey.id));
});
