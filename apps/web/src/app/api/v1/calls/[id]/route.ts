import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { resourceId } from "@/modules/public-api/request";
import { getCallForApi } from "@/modules/public-api/resources";

export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string }>(async (_req, { tenant, params }) =>
  Response.json(await getCallForApi(tenant.id, resourceId(params.id, "Call"))),
);
