import { archiveAgent } from "@/modules/agents/lib/agents";
import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { parseJsonBody, rejectQuery, resourceId } from "@/modules/public-api/request";
import { getAgentForApi, updateAgentForApi } from "@/modules/public-api/resources";
import { agentUpdateSchema } from "@/modules/public-api/schemas";

export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string }>(async (req, { db, params }) => {
  rejectQuery(req);
  return Response.json(await getAgentForApi(db, resourceId(params.id, "Agent")));
});

export const PATCH = withApiKey<{ id: string }>(async (req, { db, tenant, apiKey, params }) => {
  rejectQuery(req);
  const agentId = resourceId(params.id, "Agent");
  const input = await parseJsonBody(req, agentUpdateSchema);
  const ctx = { db, tenantId: tenant.id, actor: { actorType: "api_key" as const, actorId: apiKey.id } };
  return Response.json(await updateAgentForApi(ctx, agentId, input));
});

export const DELETE = withApiKey<{ id: string }>(async (req, { db, tenant, apiKey, params }) => {
  rejectQuery(req);
  const ctx = { db, tenantId: tenant.id, actor: { actorType: "api_key" as const, actorId: apiKey.id } };
  await archiveAgent(ctx, resourceId(params.id, "Agent"));
  return new Response(null, { status: 204 });
});
