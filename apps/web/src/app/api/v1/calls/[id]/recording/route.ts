import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { rejectQuery, resourceId } from "@/modules/public-api/request";
import { getCallRecordingForApi } from "@/modules/public-api/resources";

export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string }>(async (req, { tenant, params }) => {
  rejectQuery(req);
  return Response.json(await getCallRecordingForApi(tenant.id, resourceId(params.id, "Call")), {
    headers: { "cache-control": "no-store" },
  });
});
