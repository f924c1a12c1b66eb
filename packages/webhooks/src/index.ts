// @articulate/webhooks: tenant webhook endpoints, versioned events, signing,
// the outbox (enqueueTenantEvent) and queued delivery with retries.
export {
  WEBHOOK_API_VERSION,
  WEBHOOK_EVENT_TYPES,
  webhookEventTypeSchema,
  webhookEventDataSchemas,
  webhookEnvelopeSchema,
  webhookCallSchema,
  webhookTranscriptTurnSchema,
  callStartedEventData,
  callEndedEventData,
  callAnalyzedEventData,
  messageTakenEventData,
  numberProvisionedEventData,
} from "./events";
export type { WebhookEventType, WebhookEventData } from "./events";
export {
  SIGNATURE_HEADER,
  DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
  computeWebhookSignature,
  signatureHeaderValue,
  verifyWebhookSignature,
} from "./signing";
export type { SignatureCheck } from "./signing";
export { enqueueTenantEvent, newWebhookEventId } from "./outbox";
export type { OutboxClient, WebhookEventEnvelope } from "./outbox";
export {
  MAX_ENDPOINTS_PER_TENANT,
  webhookEndpointInputSchema,
  webhookEndpointUpdateSchema,
  createWebhookEndpoint,
  listWebhookEndpoints,
  getWebhookEndpoint,
  updateWebhookEndpoint,
  rotateWebhookSecret,
  deleteWebhookEndpoint,
} from "./endpoints";
export type { AuditActor, WebhookEndpointInput, WebhookEndpointUpdate, WebhookEndpointView } from "./endpoints";
export {
  DEFAULT_WEBHOOK_RETRY_POLICY,
  webhookRetryDelaySeconds,
  logOwnerNotice,
  deliverDueWebhooks,
  replayWebhookDelivery,
  listWebhookDeliveries,
  getWebhookDelivery,
  startWebhookDeliveryLoop,
} from "./delivery";
export type {
  WebhookRetryPolicy,
  OwnerNotice,
  DeliverDueWebhooksOptions,
  DeliveryRunSummary,
  WebhookDeliveryLogItem,
} from "./delivery";
export { WebhookInputError, WebhookNotFoundError } from "./errors";
