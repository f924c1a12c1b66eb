import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { rejectQuery } from "@/modules/public-api/request";
import { accountUsageForApi } from "@/modules/public-api/resources";

export const dynamic = "force-dynamic";

export const GET = withApiKey(async (req, { tenant }) => {
  rejectQuery(req);
  return Response.json(await accountUsageForApi(tenant.id));
});
