// Typed webhook errors (DomainErrors with stable codes); routes and actions map them.
import { DomainError, InputError } from "@articulate/core";

/** Bad input for a webhook operation; `field` names what to fix. */
export class WebhookInputError extends InputError {}

/** The endpoint or delivery does not exist in this tenant (another tenant's id reads the same). */
export class WebhookNotFoundError extends DomainError {
  constructor(what: "endpoint" | "delivery") {
    super("not_found", `Webhook ${what} not found`);
  }
}
