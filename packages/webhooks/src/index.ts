// @articulate/webhooks: tenant webhook endpoints, versioned events, signing,
// the outbox (enqueueTenantEvent) and queued delivery with retries.

export type {
  DeliverDueWebhooksOptions,
  DeliveryRunSummary,
  OwnerNotice,
  WebhookDeliveryLogItem,
  WebhookRetryPolicy,
} from "./delivery";
export {
  DEFAULT_WEBHOOK_RETRY_POLICY,
  deliverDueWebhooks,
  getWebhookDelivery,
  listWebhookDeliveries,
  logOwnerNotice,
  replayWebhookDelivery,
  webhookRetryDelaySeconds,
} from "./delivery";
// The SSRF guard, shared with the knowledge website importer.
export { isPrivateAddress, privateDestinationsBlocked, refusedDestination } from "./destination";
export type { AuditActor, WebhookEndpointInput, WebhookEndpointUpdate, WebhookEndpointView } from "./endpoints";
export {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  MAX_ENDPOINTS_PER_TENANT,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  webhookEndpointInputSchema,
  webhookEndpointUpdateSchema,
} from "./endpoints";
export { WebhookInputError, WebhookNotFoundError } from "./errors";
export type { WebhookEventData, WebhookEventType } from "./events";
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
  WEBHOOK_API_VERSION,
  WEBHOOK_EVENT_TYPES,
  webhookCallSchema,
  webhookEnvelopeSchema,
  webhookEventDataSchemas,
  webhookEventTypeSchema,
  webhookMessage,
  webhookMessageSchema,
  webhookRecordingStatus,
  webhookRecordingStatusSchema,
  webhookTranscriptTurnSchema,
} from "./events";
export type { OutboxClient, WebhookEventEnvelope } from "./outbox";
export { enqueueTenantEvent, newWebhookEventId } from "./outbox";
export type { SignatureCheck } from "./signing";
export {
  computeWebhookSignature,
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  SIGNATURE_HEADER,
  signatureHeaderValue,
  verifyWebhookSignature,
} from "./signing";
