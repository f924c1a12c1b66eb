// @articulate/telephony: phone numbers (Telnyx, Twilio, LiveKit, bring-your-own)
// and their LiveKit SIP routing, outbound calls, transfers and reconciliation.
export { AGENT_NAME, telephonyConfigFromEnv, telephonyStatus } from "./config";
export type { LiveKitConfig, TelephonyConfig, TelephonyDeps, TelnyxConfig, TwilioConfig } from "./config";
export {
  DispatchRuleConflictError,
  InvalidPhoneNumberError,
  InvalidStateError,
  InvalidTelephonyInputError,
  LiveKitError,
  NotFoundError,
  NumberAlreadyHeldError,
  NumberConflictError,
  NumberUnavailableError,
  OutboundCallFailedError,
  ProviderError,
  RegulatoryRequirementError,
  TelephonyError,
  TelephonyNotConfiguredError,
  TransferFailedError,
  UnsupportedByProviderError,
} from "./errors";
export type { MissingRequirement, OutboundCallOutcome } from "./errors";
export { formatPhoneNumber, parseAuNumber, parsePhoneNumber } from "./phone-numbers";
export type { ParsedPhoneNumber } from "./phone-numbers";
export { regulatoryDetailsSchema, regulatoryRequirements } from "./regulatory";
export type { RegulatoryDetails, RegulatoryRequirement } from "./regulatory";
export { numberProvider } from "./providers";
export type {
  AvailableNumber,
  NumberProviderClient,
  NumberSearch,
  PurchaseContext,
  PurchaseResult,
  WebhookRequest,
} from "./providers/types";
export type { ByoCarrierSetup } from "./providers/byo";
export { TELNYX_TOLERANCE_SECONDS, verifyTelnyxSignature, verifyTwilioSignature } from "./webhooks";
export { ROOM_PREFIX, inboundJobMetadata } from "./inbound-routing";
export type { InboundJobMetadata } from "./inbound-routing";
export {
  assignNumberToAgent,
  buyNumber,
  byoCarrierSetup,
  importByoNumber,
  provisionInboundNumber,
  provisioningPlan,
  releaseNumber,
} from "./provisioning";
export type { BuyNumberInput, ImportByoNumberInput, LifecycleDeps, ProvisioningStep, ReleaseStep } from "./provisioning";
export { ensureOutboundTrunk, outboundParticipantIdentity, placeOutboundCall, transferCall, transferTarget } from "./outbound";
export type { OutboundJobMetadata, PlaceOutboundCallInput, PlacedCall } from "./outbound";
export { formatReconcileSummary, reconcile } from "./reconcile";
export type { ReconcileAction, ReconcileOptions, ReconcileSummary } from "./reconcile";
