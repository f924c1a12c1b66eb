// Telnyx webhooks (number order status, with its regulatory requirement state):
// verified (Ed25519 over timestamp|raw body, 300 s window) and applied by
// @articulate/telephony. A refused delivery is logged; unknown types are acked.
import { handleTelnyxWebhook } from "@articulate/telephony";
import { webLogger } from "@/lib/log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  // The signature covers the exact bytes: read the body as text.
  const rawBody = await request.text();
  const result = await handleTelnyxWebhook({ rawBody, headers: Object.fromEntries(request.headers) });
  if (result.status >= 400) {
    webLogger().warn(
      { route: "webhooks/telnyx", status: result.status, outcome: result.body.outcome, reason: result.body.error },
      "telnyx webhook refused",
    );
  }
  return Response.json(result.body, { status: result.status });
}
