import { deleteFaqForApi, faqEntryPatchSchema, getFaqForApi, updateFaqForApi } from "@/modules/public-api/knowledge";
import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { parseJsonBody, resourceId } from "@/modules/public-api/request";

export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string }>(async (_req, { tenant, params }) =>
  Response.json(await getFaqForApi(tenant.id, resourceId(params.id, "FAQ entry"))),
);

export const PATCH = withApiKey<{ id: string }>(async (req, { tenant, params }) => {
  const entryId = resourceId(params.id, "FAQ entry");
  return Response.json(await updateFaqForApi(tenant.id, entryId, await parseJsonBody(req, faqEntryPatchSchema)));
});

export const DELETE = withApiKey<{ id: string }>(async (_req, { tenant, params }) => {
  await deleteFaqForApi(tenant.id, resourceId(params.id, "FAQ entry"));
  return new Response(null, { status: 204 });
});
