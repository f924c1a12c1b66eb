// @articulate/telephony: phone numbers (Telnyx, Twilio, LiveKit, bring-your-own)
// and their LiveKit SIP routing, outbound calls, transfers and reconciliation.

export type { LiveKitConfig, TelephonyConfig, TelephonyDeps, TelnyxConfig, TwilioConfig } from "./config";
export { telephonyConfigFromEnv, telephonyStatus } from "./config";
export type { MissingRequirement, OutboundCallOutcome } from "./errors";
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
export type { InboundJobMetadata } from "./inbound-routing";
export { inboundJobMetadata, ROOM_PREFIX } from "./inbound-routing";
export type { OutboundJobMetadata, PlacedCall, PlaceOutboundCallInput } from "./outbound";
export {
  ensureOutboundTrunk,
  outboundParticipantIdentity,
  placeOutboundCall,
  transferCall,
  transferTarget,
} from "./outbound";
export type { ParsedPhoneNumber } from "./phone-numbers";
export {
  formatPhoneNumber,
  normalizeDialedNumber,
  parseAuNumber,
  parsePhoneNumber,
  toE164,
} from "./phone-numbers";
export { numberProvider } from "./providers";
export type { ByoCarrierSetup } from "./providers/byo";
export type {
  AvailableNumber,
  NumberProviderClient,
  NumberSearch,
  PurchaseContext,
  PurchaseResult,
  WebhookRequest,
} from "./providers/types";
export type {
  BuyNumberInput,
  ImportByoNumberInput,
  LifecycleDeps,
  ProvisioningStep,
  ReleaseStep,
} from "./provisioning";
export {
  assignNumberToAgent,
  buyNumber,
  byoCarrierSetup,
  importByoNumber,
  provisionInboundNumber,
  provisioningPlan,
  releaseNumber,
} from "./provisioning";
export type { ReconcileAction, ReconcileOptions, ReconcileSummary } from "./reconcile";
export { formatReconcileSummary, reconcile } from "./reconcile";
export type { RegulatoryDetails, RegulatoryRequirement } from "./regulatory";
export { regulatoryDetailsSchema, regulatoryRequirements } from "./regulatory";
export { TELNYX_TOLERANCE_SECONDS, verifyTelnyxSignature, verifyTwilioSignature } from "./webhooks";
