import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { parseJsonBody, rejectQuery } from "@/modules/public-api/request";
import { createAgentForApi, listAgentsForApi } from "@/modules/public-api/resources";
import { agentCreateSchema } from "@/modules/public-api/schemas";

export const dynamic = "force-dynamic";

export const GET = withApiKey(async (req, { db }) => {
  rejectQuery(req);
  return Response.json(await listAgentsForApi(db));
});

export const POST = withApiKey(async (req, { db, tenant, apiKey }) => {
  rejectQuery(req);
  const input = await parseJsonBody(req, agentCreateSchema);
  const ctx = { db, tenantId: tenant.id, actor: { actorType: "api_key" as const, actorId: apiKey.id } };
  return Response.json(await createAgentForApi(ctx, tenant, input), { status: 201 });
});
