import { reimportSourceForApi } from "@/modules/public-api/knowledge";
import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { resourceId } from "@/modules/public-api/request";

export const dynamic = "force-dynamic";

export const POST = withApiKey<{ id: string }>(async (_req, { tenant, params }) =>
  Response.json(await reimportSourceForApi(tenant.id, resourceId(params.id, "Knowledge source")), { status: 202 }),
);
