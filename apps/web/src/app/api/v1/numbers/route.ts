import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { listNumbersForApi } from "@/modules/public-api/resources";

export const dynamic = "force-dynamic";

export const GET = withApiKey(async (_req, { db }) => Response.json(await listNumbersForApi(db)));
