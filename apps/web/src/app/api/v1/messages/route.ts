import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { parseQuery } from "@/modules/public-api/request";
import { listMessagesForApi } from "@/modules/public-api/resources";
import { listMessagesQuerySchema } from "@/modules/public-api/schemas";

export const dynamic = "force-dynamic";

export const GET = withApiKey(async (req, { tenant }) =>
  Response.json(await listMessagesForApi(tenant.id, parseQuery(req, listMessagesQuerySchema))),
);
