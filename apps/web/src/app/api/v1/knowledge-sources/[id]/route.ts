import { deleteSourceForApi, getSourceForApi } from "@/modules/public-api/knowledge";
import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { rejectQuery, resourceId } from "@/modules/public-api/request";

export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string }>(async (req, { tenant, params }) => {
  rejectQuery(req);
  return Response.json(await getSourceForApi(tenant.id, resourceId(params.id, "Knowledge source")));
});

export const DELETE = withApiKey<{ id: string }>(async (req, { tenant, params }) => {
  rejectQuery(req);
  await deleteSourceForApi(tenant.id, resourceId(params.id, "Knowledge source"));
  return new Response(null, { status: 204 });
});
