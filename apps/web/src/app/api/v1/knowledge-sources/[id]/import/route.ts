import { reimportSourceForApi } from "@/modules/public-api/knowledge";
import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { rejectQuery, resourceId } from "@/modules/public-api/request";

export const dynamic = "force-dynamic";

export const POST = withApiKey<{ id: string }>(async (req, { tenant, params }) => {
  rejectQuery(req);
  return Response.json(await reimportSourceForApi(tenant.id, resourceId(params.id, "Knowledge source")), {
    status: 202,
  });
});
