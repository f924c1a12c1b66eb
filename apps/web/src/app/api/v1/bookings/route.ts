import {
  bookingCreateSchema,
  createBookingForApi,
  listBookingsForApi,
  listBookingsQuerySchema,
} from "@/modules/public-api/bookings";
import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { parseJsonBody, parseQuery, rejectQuery } from "@/modules/public-api/request";

export const dynamic = "force-dynamic";

export const GET = withApiKey(async (req, { tenant }) =>
  Response.json(await listBookingsForApi(tenant.id, parseQuery(req, listBookingsQuerySchema))),
);

export const POST = withApiKey(async (req, { tenant, apiKey }) => {
  rejectQuery(req);
  const input = await parseJsonBody(req, bookingCreateSchema);
  return Response.json(await createBookingForApi(tenant.id, input, apiKey.id), { status: 201 });
});
