// Stripe webhook endpoint: hands the raw body and signature to the billing
// package, which verifies, deduplicates and applies the event.
import {
  BillingInputError,
  BillingNotConfiguredError,
  handleStripeWebhook,
  StripeWebhookSignatureError,
} from "@articulate/billing";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function POST(request: Request): Promise<Response> {
  // The signature covers the exact bytes: read the body as text, never as parsed JSON.
  const rawBody = await request.text();
  try {
    const result = await handleStripeWebhook(rawBody, request.headers.get("stripe-signature"));
    return Response.json({ received: true, outcome: result.outcome });
  } catch (err) {
    if (err instanceof StripeWebhookSignatureError || err instanceof BillingInputError) {
      return Response.json({ error: err.message }, { status: 400 });
    }
    if (err instanceof BillingNotConfiguredError) {
      // 503 so Stripe retries once the endpoint is configured.
      return Response.json({ error: err.message }, { status: 503 });
    }
    throw err;
  }
}
