// Twilio status callbacks (regulatory bundle status): verified (HMAC-SHA1 over
// the URL Twilio called and the sorted form parameters) and applied by
// @articulate/telephony. A refused delivery is logged; other callbacks are acked.
import { handleTwilioWebhook } from "@articulate/telephony";
import { appUrl } from "@/env";
import { webLogger } from "@/lib/log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const rawBody = await request.text();
  // Twilio signs the public URL it was given (APP_URL…), not the address a proxy forwards to.
  const called = new URL(request.url);
  const url = `${appUrl()}${called.pathname}${called.search}`;
  const result = await handleTwilioWebhook({ url, rawBody, headers: Object.fromEntries(request.headers) });
  if (result.status >= 400) {
    webLogger().warn(
      { route: "webhooks/twilio", status: result.status, outcome: result.body.outcome, reason: result.body.error },
      "twilio webhook refused",
    );
  }
  return Response.json(result.body, { status: result.status });
}
