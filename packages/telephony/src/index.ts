// @articulate/telephony: phone numbers (Telnyx, Twilio, LiveKit, bring-your-own)
// and their LiveKit SIP routing, outbound calls, transfers and reconciliation.

export { handleTelnyxWebhook, handleTwilioWebhook } from "./carrier-events";
export type { TelephonyConfig, TelephonyDeps } from "./config";
export {
  isLiveKitCloudUrl,
  resolveConfig as resolveTelephonyConfig,
  telephonyConfigFromEnv,
  telephonyStatus,
} from "./config";

export {
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

export type { JobMetadata } from "./job-metadata";
export { encodeJobMetadata, JobMetadataError, parseJobMetadata } from "./job-metadata";

export {
  ensureOutboundTrunk,
  hangUpRoom,
  outboundParticipantIdentity,
  placeOutboundCall,
  transferCall,
  transferTarget,
} from "./outbound";

export {
  formatPhoneNumber,
  normalizeDialedNumber,
  parseAuNumber,
  parsePhoneNumber,
  toE164,
  undiallableReason,
} from "./phone-numbers";
export { numberProvider } from "./providers";

export type { AvailableNumber } from "./providers/types";
export type { ProvisioningStep, ReleaseStep } from "./provisioning";
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

export { formatReconcileSummary, reconcile } from "./reconcile";

export { regulatoryRequirements } from "./regulatory";

export { carrierMediaProfile, secureMediaUnavailableReason } from "./trunk-media";
export { verifyTelnyxSignature, verifyTwilioSignature } from "./webhooks";
