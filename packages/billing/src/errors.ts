// Typed billing errors; routes map them to HTTP statuses.
export class BillingNotConfiguredError extends Error {
  constructor(what = "Stripe is not configured (set STRIPE_SECRET_KEY)") {
    super(what);
    this.name = "BillingNotConfiguredError";
  }
}

/** Bad input from a caller or a webhook payload: names the field. */
export class BillingInputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "BillingInputError";
  }
}

export class StripeWebhookSignatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StripeWebhookSignatureError";
  }
}
