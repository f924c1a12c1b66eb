// Playback of a call's recording: a tenant-authorised redirect to a presigned
// URL that lives a few minutes, so the object is never public and the browser
// streams it (with Range) straight from storage. Another tenant's call is a 404.
// ?download=1 makes storage send it as an attachment.
import { recordingPlayback } from "@articulate/recordings";
import { jsonError, withTenantRoute } from "@/lib/authz/route";
import { recordingStorageClient } from "@/modules/recordings/lib/storage";

export const dynamic = "force-dynamic";

export const GET = withTenantRoute<{ slug: string; callId: string }>(async (req, { tenant, params }) => {
  const download = new URL(req.url).searchParams.get("download") === "1";
  const r = await recordingPlayback({
    tenantId: tenant.id,
    callId: params.callId,
    storage: recordingStorageClient(),
    download,
  });
  if (!r.ok) return jsonError(r.reason === "disabled" ? 503 : 404, r.message);
  return new Response(null, {
    status: 302,
    headers: { location: r.url, "cache-control": "no-store", "referrer-policy": "no-referrer" },
  });
});
