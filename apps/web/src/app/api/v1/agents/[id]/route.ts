import { withApiKey } from "@/lib/authz/api-key";
import { parseJsonBody, rejectQuery, resourceId } from "@/modules/public-api/request";
import { archiveAgentForApi, getAgentForApi, updateAgentForApi } from "@/modules/public-api/resources";
import { agentUpdateSchema } from "@/modules/public-api/schemas";

export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string }>(async (req, { db, params }) => {
  rejectQuery(req);
  return Response.json(await getAgentForApi(db, resourceId(params.id, "Agent")));
});

export const PATCH = withApiKey<{ id: string }>(async (req, { db, params }) => {
  rejectQuery(req);
  const agentId = resourceId(params.id, "Agent");
  return Response.json(await updateAgentForApi(db, agentId, await parseJsonBody(req, agentUpdateSchema)));
});

export const DELETE = withApiKey<{ id: string }>(async (req, { db, params }) => {
  rejectQuery(req);
  await archiveAgentForApi(db, resourceId(params.id, "Agent"));
  return new Response(null, { status: 204 });
});
