import { placeTenantOutboundCall } from "@articulate/calls";
import { withApiKey } from "@/modules/public-api/lib/with-api-key";

import { parseJsonBody, parseQuery, rejectQuery } from "@/modules/public-api/request";
import { listCallsForApi, toApiCall } from "@/modules/public-api/resources";
import { listCallsQuerySchema, outboundCallRequestSchema } from "@/modules/public-api/schemas";

export const dynamic = "force-dynamic";

export const GET = withApiKey(async (req, { tenant }) =>
  Response.json(await listCallsForApi(tenant.id, parseQuery(req, listCallsQuerySchema))),
);

export const POST = withApiKey(async (req, { tenant, apiKey }) => {
  rejectQuery(req);
  const input = await parseJsonBody(req, outboundCallRequestSchema);
  const call = await placeTenantOutboundCall(tenant, input, { actorType: "api_key", actorId: apiKey.id });
  return Response.json(toApiCall(call), { status: 201 });
});
