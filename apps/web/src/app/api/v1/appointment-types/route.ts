import { listAppointmentTypesForApi } from "@/modules/public-api/bookings";
import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { rejectQuery } from "@/modules/public-api/request";

export const dynamic = "force-dynamic";

export const GET = withApiKey(async (req, { tenant }) => {
  rejectQuery(req);
  return Response.json(await listAppointmentTypesForApi(tenant.id));
});
