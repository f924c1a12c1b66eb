// @articulate/telephony: phone numbers (Telnyx, Twilio, LiveKit, bring-your-own)
// and their LiveKit SIP routing, outbound calls, transfers and reconciliation.

export type { CarrierWebhookDeps, CarrierWebhookResult } from "./carrier-events";
export { handleTelnyxWebhook, handleTwilioWebhook } from "./carrier-events";
export type { LiveKitConfig, TelephonyConfig, TelephonyDeps, TelnyxConfig, TwilioConfig } from "./config";
export {
  isLiveKitCloudUrl,
  resolveConfig as resolveTelephonyConfig,
  telephonyConfigFromEnv,
  telephonyStatus,
} from "./config";
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
export { inboundJobMetadata, ROOM_PREFIX } from "./inbound-routing";
export type {
  CallLeg,
  InboundJobMetadata,
  JobMetadata,
  OutboundJobMetadata,
  TestCallJobMetadata,
} from "./job-metadata";
export {
  callLegOf,
  encodeJobMetadata,
  JOB_METADATA_VERSION,
  JobMetadataError,
  jobMetadataSchema,
  parseJobMetadata,
} from "./job-metadata";
export type { PlacedCall, PlaceOutboundCallInput } from "./outbound";
export {
  ensureOutboundTrunk,
  hangUpRoom,
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
  undiallableReason,
} from "./phone-numbers";
export { numberProvider } from "./providers";
export type { ByoCarrierSetup, SipSignallingOption } from "./providers/byo";
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
  setSecureMedia,
} from "./provisioning";
export type { ReconcileAction, ReconcileOptions, ReconcileSummary } from "./reconcile";
export { formatReconcileSummary, reconcile } from "./reconcile";
export type { RegulatoryDetails, RegulatoryRequirement } from "./regulatory";
export { regulatoryDetailsSchema, regulatoryRequirements } from "./regulatory";
export type { InboundSipEndpoint } from "./sip-endpoint";
export { inboundSipEndpoint } from "./sip-endpoint";
export type { CarrierMediaProfile, VoiceQuality } from "./trunk-media";
export { carrierMediaProfile, carrierSupportsSrtp, secureMediaUnavailableReason } from "./trunk-media";
export { TELNYX_TOLERANCE_SECONDS, verifyTelnyxSignature, verifyTwilioSignature } from "./webhooks";
