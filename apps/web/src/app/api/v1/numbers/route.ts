import { withApiKey } from "@/lib/authz/api-key";
import { listNumbersForApi } from "@/modules/public-api/resources";

export const dynamic = "force-dynamic";

export const GET = withApiKey(async (_req, { db }) => Response.json(await listNumbersForApi(db)));
