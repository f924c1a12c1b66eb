/** Bad input for a webhook operation; `field` names what to fix. */
export class WebhookInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "WebhookInputError";
  }
}

/** The endpoint or delivery does not exist in this tenant (another tenant's id reads the same). */
export class WebhookNotFoundError extends Error {
  constructor(what: "endpoint" | "delivery") {
    super(`Webhook ${what} not found`);
    this.name = "WebhookNotFoundError";
  }
}
