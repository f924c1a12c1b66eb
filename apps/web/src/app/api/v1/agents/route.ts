import { withApiKey } from "@/lib/authz/api-key";
import { parseJsonBody, rejectQuery } from "@/modules/public-api/request";
import { createAgentForApi, listAgentsForApi } from "@/modules/public-api/resources";
import { agentCreateSchema } from "@/modules/public-api/schemas";

export const dynamic = "force-dynamic";

export const GET = withApiKey(async (req, { db }) => {
  rejectQuery(req);
  return Response.json(await listAgentsForApi(db));
});

export const POST = withApiKey(async (req, { db, tenant }) => {
  rejectQuery(req);
  return Response.json(await createAgentForApi(db, tenant.id, await parseJsonBody(req, agentCreateSchema)), {
    status: 201,
  });
});
