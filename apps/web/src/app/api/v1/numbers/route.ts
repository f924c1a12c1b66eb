import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { rejectQuery } from "@/modules/public-api/request";
import { listNumbersForApi } from "@/modules/public-api/resources";

export const dynamic = "force-dynamic";

export const GET = withApiKey(async (req, { db }) => {
  rejectQuery(req);
  return Response.json(await listNumbersForApi(db));
});
