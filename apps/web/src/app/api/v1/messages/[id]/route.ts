import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { parseJsonBody, rejectQuery, resourceId } from "@/modules/public-api/request";
import { getMessageForApi, updateMessageForApi } from "@/modules/public-api/resources";
import { messageUpdateRequestSchema } from "@/modules/public-api/schemas";

export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string }>(async (req, { db, params }) => {
  rejectQuery(req);
  return Response.json(await getMessageForApi(db, resourceId(params.id, "Message")));
});

export const PATCH = withApiKey<{ id: string }>(async (req, { tenant, apiKey, params }) => {
  rejectQuery(req);
  const messageId = resourceId(params.id, "Message");
  const input = await parseJsonBody(req, messageUpdateRequestSchema);
  return Response.json(await updateMessageForApi(tenant.id, messageId, input, apiKey.id));
});
