// Typed telephony errors. Each message is written for a business owner: it says
// what happened and what to do, so the dashboard can show it as is.
import { DomainError } from "@articulate/core";

export abstract class TelephonyError extends DomainError {
  /** True when trying again later (or after the owner acts) can succeed. */
  readonly retryable: boolean = true;
  constructor(message: string) {
    // Each subclass declares its own stable code (a class field, set after this constructor).
    super("telephony_error", message);
  }
}

export class TelephonyNotConfiguredError extends TelephonyError {
  override readonly code = "not_configured";
  override readonly retryable = false;
  constructor(
    readonly service: "LiveKit" | "Telnyx" | "Twilio",
    readonly missing: string[],
  ) {
    super(`${service} is not set up on this installation yet (missing ${missing.join(", ")}).`);
    this.name = "TelephonyNotConfiguredError";
  }
}

export class InvalidPhoneNumberError extends TelephonyError {
  override readonly code = "invalid_phone_number";
  override readonly retryable = false;
  constructor(
    readonly field: string,
    readonly input: string,
    detail = "is not a valid phone number",
  ) {
    super(`${field}: "${input}" ${detail}.`);
    this.name = "InvalidPhoneNumberError";
  }
}

export class InvalidTelephonyInputError extends TelephonyError {
  override readonly code = "invalid_input";
  override readonly retryable = false;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "InvalidTelephonyInputError";
  }
}

/** LiveKit refused an inbound trunk because another trunk already answers this number. */
export class NumberConflictError extends TelephonyError {
  override readonly code = "number_conflict";
  constructor(
    readonly number: string,
    readonly detail: string,
  ) {
    super(`${number} is already connected to another trunk. Remove it from the other trunk, then retry.`);
    this.name = "NumberConflictError";
  }
}

/** Another dispatch rule already routes this trunk/number combination. */
export class DispatchRuleConflictError extends TelephonyError {
  override readonly code = "dispatch_rule_conflict";
  constructor(
    readonly number: string,
    readonly detail: string,
  ) {
    super(`Calls to ${number} are already routed by another rule. Remove that rule, then retry.`);
    this.name = "DispatchRuleConflictError";
  }
}

/** The number is held by a live PhoneNumber row (this or another tenant). */
export class NumberAlreadyHeldError extends TelephonyError {
  override readonly code = "number_already_held";
  override readonly retryable = false;
  constructor(readonly number: string) {
    super(`${number} is already in use on Articulate. Pick another number.`);
    this.name = "NumberAlreadyHeldError";
  }
}

export interface MissingRequirement {
  field: string;
  label: string;
}

export class RegulatoryRequirementError extends TelephonyError {
  override readonly code = "regulatory_requirement";
  constructor(
    readonly provider: string,
    readonly number: string,
    message: string,
    readonly requirements: MissingRequirement[] = [],
  ) {
    super(message);
    this.name = "RegulatoryRequirementError";
  }
}

export class NumberUnavailableError extends TelephonyError {
  override readonly code = "number_unavailable";
  override readonly retryable = false;
  constructor(
    readonly provider: string,
    readonly number: string,
  ) {
    super(`${number} is no longer available from ${provider}. Search again and pick another number.`);
    this.name = "NumberUnavailableError";
  }
}

export class UnsupportedByProviderError extends TelephonyError {
  override readonly code = "unsupported_by_provider";
  override readonly retryable = false;
  constructor(
    readonly provider: string,
    message: string,
  ) {
    super(message);
    this.name = "UnsupportedByProviderError";
  }
}

/** The carrier rejected our credentials or failed; the detail is the carrier's own words. */
export class ProviderError extends TelephonyError {
  override readonly code: string;
  constructor(
    readonly provider: string,
    readonly httpStatus: number | undefined,
    readonly detail: string,
    kind: "auth" | "failed" = "failed",
  ) {
    super(
      kind === "auth"
        ? `${provider} rejected our account credentials. An administrator needs to check the ${provider} API key.`
        : `${provider} could not complete the request: ${detail}`,
    );
    this.code = kind === "auth" ? "provider_auth" : "provider_failed";
    this.name = "ProviderError";
  }
}

export class LiveKitError extends TelephonyError {
  override readonly code: string;
  constructor(
    readonly twirpCode: string | undefined,
    readonly httpStatus: number | undefined,
    readonly detail: string,
  ) {
    super(
      twirpCode === "unauthenticated"
        ? "LiveKit rejected our API key. An administrator needs to check LIVEKIT_API_KEY and LIVEKIT_API_SECRET."
        : httpStatus === undefined
          ? `LiveKit could not be reached (${detail}). Try again in a minute.`
          : `LiveKit could not complete the request: ${detail}`,
    );
    this.code = twirpCode === "unauthenticated" ? "livekit_auth" : "livekit_failed";
    this.name = "LiveKitError";
  }
}

export class NotFoundError extends TelephonyError {
  override readonly code = "not_found";
  override readonly retryable = false;
  constructor(
    readonly resource: "phone number" | "agent" | "SIP connection" | "call",
    readonly id: string,
  ) {
    super(`The ${resource} ${id} does not exist in this workspace.`);
    this.name = "NotFoundError";
  }
}

export class InvalidStateError extends TelephonyError {
  override readonly code = "invalid_state";
  override readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = "InvalidStateError";
  }
}

export type OutboundCallOutcome = "busy" | "declined" | "not_found" | "no_answer" | "unavailable" | "failed";

export class OutboundCallFailedError extends TelephonyError {
  override readonly code = "outbound_call_failed";
  constructor(
    readonly to: string,
    readonly outcome: OutboundCallOutcome,
    readonly sipStatusCode: number | undefined,
    readonly sipStatus: string | undefined,
  ) {
    const messages: Record<OutboundCallOutcome, string> = {
      busy: `${to} is busy. Try again later.`,
      declined: `${to} declined the call.`,
      not_found: `${to} does not exist or cannot be reached. Check the number.`,
      no_answer: `${to} did not answer.`,
      unavailable: `${to} is unavailable right now. Try again later.`,
      failed: `The call to ${to} failed${sipStatusCode ? ` (SIP ${sipStatusCode}${sipStatus ? ` ${sipStatus}` : ""})` : ""}.`,
    };
    super(messages[outcome]);
    this.name = "OutboundCallFailedError";
  }
}

export class TransferFailedError extends TelephonyError {
  override readonly code = "transfer_failed";
  constructor(
    readonly to: string,
    message: string,
    readonly sipStatusCode?: number,
  ) {
    super(message);
    this.name = "TransferFailedError";
  }
}
