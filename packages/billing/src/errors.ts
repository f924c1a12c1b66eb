// Typed billing errors (DomainErrors with stable codes); routes map them to HTTP statuses.
import { DomainError } from "@articulate/core";

export class BillingNotConfiguredError extends DomainError {
  constructor(what = "Stripe is not configured (set STRIPE_SECRET_KEY)") {
    super("billing_not_configured", what);
  }
}

/** Bad input from a caller or a webhook payload: names the field. */
export class BillingInputError extends DomainError {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super("invalid_input", message, field ? { field } : {});
  }
}

export class StripeWebhookSignatureError extends DomainError {
  constructor(message: string) {
    super("invalid_signature", message);
  }
}
