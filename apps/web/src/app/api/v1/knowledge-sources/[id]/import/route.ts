import { withApiKey } from "@/lib/authz/api-key";
import { reimportSourceForApi } from "@/modules/public-api/knowledge";
import { resourceId } from "@/modules/public-api/request";

export const dynamic = "force-dynamic";

export const POST = withApiKey<{ id: string }>(async (_req, { tenant, params }) =>
  Response.json(await reimportSourceForApi(tenant.id, resourceId(params.id, "Knowledge source")), { status: 202 }),
);
