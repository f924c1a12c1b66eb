import { createSourceForApi, knowledgeSourceCreateSchema, listSourcesForApi } from "@/modules/public-api/knowledge";
import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { parseJsonBody, rejectQuery, resourceId } from "@/modules/public-api/request";

export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string }>(async (req, { tenant, params }) => {
  rejectQuery(req);
  return Response.json(await listSourcesForApi(tenant.id, resourceId(params.id, "Agent")));
});

export const POST = withApiKey<{ id: string }>(async (req, { tenant, params }) => {
  rejectQuery(req);
  const agentId = resourceId(params.id, "Agent");
  const input = await parseJsonBody(req, knowledgeSourceCreateSchema);
  return Response.json(await createSourceForApi(tenant.id, agentId, input), { status: 201 });
});
