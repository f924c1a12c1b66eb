// The public API's OpenAPI 3.1 document (no key needed: it describes, it does not expose).
import { buildOpenApiDocument } from "@/modules/public-api/openapi";

export const dynamic = "force-static";

export function GET() {
  return Response.json(buildOpenApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
