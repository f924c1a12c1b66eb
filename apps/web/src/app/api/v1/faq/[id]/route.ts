import { deleteFaqForApi, faqEntryPatchSchema, getFaqForApi, updateFaqForApi } from "@/modules/public-api/knowledge";
import { withApiKey } from "@/modules/public-api/lib/with-api-key";
import { parseJsonBody, rejectQuery, resourceId } from "@/modules/public-api/request";

export const dynamic = "force-dynamic";

export const GET = withApiKey<{ id: string }>(async (req, { tenant, params }) => {
  rejectQuery(req);
  return Response.json(await getFaqForApi(tenant.id, resourceId(params.id, "FAQ entry")));
});

export const PATCH = withApiKey<{ id: string }>(async (req, { tenant, params }) => {
  rejectQuery(req);
  const entryId = resourceId(params.id, "FAQ entry");
  return Response.json(await updateFaqForApi(tenant.id, entryId, await parseJsonBody(req, faqEntryPatchSchema)));
});

export const DELETE = withApiKey<{ id: string }>(async (req, { tenant, params }) => {
  rejectQuery(req);
  await deleteFaqForApi(tenant.id, resourceId(params.id, "FAQ entry"));
  return new Response(null, { status: 204 });
});
