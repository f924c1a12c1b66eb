// @articulate/webhooks: tenant webhook endpoints, versioned events, signing,
// the outbox (enqueueTenantEvent) and queued delivery with retries.

export type { OwnerNotice } from "./delivery";
export { deliverDueWebhooks, listWebhookDeliveries, replayWebhookDelivery, webhookRetryDelaySeconds } from "./delivery";
// The SSRF guard, shared with the knowledge website importer.
export { isPrivateAddress, privateDestinationsBlocked, refusedDestination } from "./destination";

export {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from "./endpoints";
export { WebhookInputError, WebhookNotFoundError } from "./errors";

export {
  bookingEventData,
  callAnalyzedEventData,
  callEndedEventData,
  callStartedEventData,
  callTranscriptCompletedEventData,
  knowledgeGapEventData,
  messageTakenEventData,
  messageUpdatedEventData,
  numberProvisionedEventData,
  recordingReadyEventData,
  WEBHOOK_EVENT_TYPES,
  webhookCallSchema,
  webhookEnvelopeSchema,
  webhookEventDataSchemas,
  webhookMessage,
  webhookMessageSchema,
  webhookTranscriptTurnSchema,
} from "./events";

export { enqueueTenantEvent } from "./outbox";

export { computeWebhookSignature, SIGNATURE_HEADER, verifyWebhookSignature } from "./signing";
