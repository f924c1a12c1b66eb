import { deleteSourceForApi, getSourceForApi } from "@/modules/public-api/knowledge";
import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { resourceId } from "@/modules/public-api/request";

export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string }>(async (_req, { tenant, params }) =>
  Response.json(await getSourceForApi(tenant.id, resourceId(params.id, "Knowledge source"))),
);

export const DELETE = withApiKey<{ id: string }>(async (_req, { tenant, params }) => {
  await deleteSourceForApi(tenant.id, resourceId(params.id, "Knowledge source"));
  return new Response(null, { status: 204 });
});
