// LiveKit webhooks (room_finished, participant_left, …): verified and applied
// by @articulate/calls, which finalizes calls whose worker died. The body is
// read raw: the signature covers its exact bytes.
import { handleLiveKitWebhook } from "@articulate/calls";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const rawBody = await request.text();
  const result = await handleLiveKitWebhook(rawBody, request.headers.get("authorization"));
  if (result.body.outcome === "recording_no_call") {
    // An egress we did not start (another deployment sharing the LiveKit project, or a deleted call).
    console.warn(JSON.stringify({ msg: "egress webhook for unknown call acknowledged", outcome: result.body.outcome }));
  }
  return Response.json(result.body, { status: result.status });
}
