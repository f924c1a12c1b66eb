// The outbox: an event becomes one WebhookDelivery row per subscribed endpoint,
// written in the caller's own transaction. The event therefore exists exactly
// when the change it describes was committed; delivery happens later.
import crypto from "node:crypto";
import type { Prisma } from "@articulate/db";
import { WEBHOOK_API_VERSION, type WebhookEventData, type WebhookEventType, webhookEventDataSchemas } from "./events";

/**
 * The two delegates the outbox needs. Any Prisma client or transaction client
 * (platformDb(), db(), forTenant(...), or their `tx`) satisfies it.
 */
export interface OutboxClient {
  webhookEndpoint: {
    findMany(args: {
      where: { tenantId: string };
      select: { id: true; events: true; enabled: true };
    }): PromiseLike<Array<{ id: string; events: string[]; enabled: boolean }>>;
  };
  webhookDelivery: {
    createMany(args: { data: Prisma.WebhookDeliveryCreateManyInput[] }): PromiseLike<{ count: number }>;
  };
}

export interface WebhookEventEnvelope<T extends WebhookEventType = WebhookEventType> {
  id: string;
  type: T;
  apiVersion: string;
  createdAt: string;
  data: WebhookEventData<T>;
}

export function newWebhookEventId(): string {
  return `evt_${crypto.randomBytes(12).toString("base64url")}`;
}

/**
 * Queues `type` for every enabled endpoint of the tenant subscribed to it.
 * `data` is validated against the event's versioned schema (a malformed event
 * is a bug in the emitter and throws, rolling back the caller's transaction).
 */
export async function enqueueTenantEvent<T extends WebhookEventType>(
  tx: OutboxClient,
  tenantId: string,
  type: T,
  data: WebhookEventData<T>,
  options: { eventId?: string; occurredAt?: Date } = {},
): Promise<{ eventId: string; deliveries: number }> {
  const parsed = webhookEventDataSchemas[type].safeParse(data);
  if (!parsed.success) {
    throw new Error(
      `Invalid ${type} webhook data: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const eventId = options.eventId ?? newWebhookEventId();
  // Disabled endpoints get the event too, as SKIPPED: nothing is lost, and it can be replayed once re-enabled.
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { tenantId },
    select: { id: true, events: true, enabled: true },
  });
  const subscribed = endpoints.filter((e) => e.events.length === 0 || e.events.includes(type));
  if (subscribed.length === 0) return { eventId, deliveries: 0 };
  const envelope: WebhookEventEnvelope<T> = {
    id: eventId,
    type,
    apiVersion: WEBHOOK_API_VERSION,
    createdAt: (options.occurredAt ?? new Date()).toISOString(),
    data: parsed.data as WebhookEventData<T>,
  };
  const { count } = await tx.webhookDelivery.createMany({
    data: subscribed.map((e) => ({
      tenantId,
      endpointId: e.id,
      eventId,
      eventType: type,
      apiVersion: WEBHOOK_API_VERSION,
      payload: envelope as unknown as Prisma.InputJsonValue,
      ...(e.enabled ? {} : { status: "SKIPPED" as const, lastError: "skipped: endpoint disabled" }),
    })),
  });
  return { eventId, deliveries: count };
}
