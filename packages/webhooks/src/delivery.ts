// Delivery of queued webhook events. Any number of processes may run
// deliverDueWebhooks at once: rows are claimed with FOR UPDATE SKIP LOCKED and
// leased (nextAttemptAt pushed past the request timeout), so a row is sent by
// one process at a time and a crashed sender's rows come due again on their own.

import type { Prisma } from "@articulate/db";
import { decryptSecret, forTenant, platformDb, writeAudit } from "@articulate/db";
import { checkedDestination, postToAddress, privateDestinationsBlocked } from "./destination";
import type { AuditActor } from "./endpoints";
import { WebhookInputError, WebhookNotFoundError } from "./errors";
import { SIGNATURE_HEADER, signatureHeaderValue } from "./signing";

export interface WebhookRetryPolicy {
  /** Delay after the first failed attempt; doubles per attempt. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  /** A delivery that failed this many times is DEAD (still replayable). */
  maxAttempts: number;
  /**
   * An endpoint whose last N attempts all failed, over at least
   * `disableAfterFailingForSeconds`, is disabled and its owners told (a burst of
   * failures during a short outage never disables it).
   */
  disableAfterConsecutiveFailures: number;
  disableAfterFailingForSeconds: number;
  requestTimeoutMs: number;
}

export const DEFAULT_WEBHOOK_RETRY_POLICY: WebhookRetryPolicy = {
  baseDelaySeconds: 30,
  maxDelaySeconds: 6 * 60 * 60,
  maxAttempts: 12,
  disableAfterConsecutiveFailures: 20,
  disableAfterFailingForSeconds: 24 * 60 * 60,
  requestTimeoutMs: 10_000,
};

/** Seconds to wait after `attempts` failed attempts (1 → base, 2 → 2×base, … capped). */
export function webhookRetryDelaySeconds(
  attempts: number,
  policy: WebhookRetryPolicy = DEFAULT_WEBHOOK_RETRY_POLICY,
): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** Math.min(exponent, 30));
}

export interface OwnerNotice {
  tenantId: string;
  to: string[];
  subject: string;
  text: string;
}

/** Default owner notification: the email is written to the server log (no SMTP in this package). */
export async function logOwnerNotice(notice: OwnerNotice): Promise<void> {
  console.log(
    JSON.stringify({
      level: "info",
      msg: "email",
      kind: "webhook_endpoint_disabled",
      tenantId: notice.tenantId,
      to: notice.to,
      subject: notice.subject,
      text: notice.text,
    }),
  );
}

export interface DeliverDueWebhooksOptions {
  /** The time rows must be due by (tests move it forward to step through backoff). */
  now?: Date;
  limit?: number;
  concurrency?: number;
  policy?: Partial<WebhookRetryPolicy>;
  notifyOwners?: (notice: OwnerNotice) => Promise<void>;
  fetch?: typeof fetch;
}

export interface DeliveryRunSummary {
  claimed: number;
  succeeded: number;
  failed: number;
  dead: number;
  disabledEndpointIds: string[];
}

interface ClaimedDelivery {
  id: string;
  tenantId: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  payload: unknown;
  attempts: number;
}

async function claimDueDeliveries(now: Date, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  // platformDb(): Delivery job: claims due deliveries across every tenant.
  return platformDb().$queryRaw<ClaimedDelivery[]>`
    UPDATE "WebhookDelivery" SET "nextAttemptAt" = ${leaseUntil}
    WHERE id IN (
      SELECT d.id FROM "WebhookDelivery" d
      JOIN "WebhookEndpoint" e ON e.id = d."endpointId"
      WHERE d.status IN ('PENDING', 'FAILED') AND d."nextAttemptAt" <= ${now} AND e.enabled
      ORDER BY d."nextAttemptAt"
      LIMIT ${limit}
      FOR UPDATE OF d SKIP LOCKED
    )
    RETURNING id, "tenantId", "endpointId", "eventId", "eventType", payload, attempts`;
}

interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

async function sendOnce(
  delivery: ClaimedDelivery,
  endpoint: { url: string; secretEnc: string },
  policy: WebhookRetryPolicy,
  fetchImpl: typeof fetch,
): Promise<AttemptResult> {
  const body = JSON.stringify(delivery.payload);
  // Signed with the wall clock at send time: receivers check freshness against theirs.
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    "content-type": "application/json",
    "user-agent": "Articulate-Webhooks/1.0",
    [SIGNATURE_HEADER]: signatureHeaderValue(decryptSecret(endpoint.secretEnc), timestamp, body),
    "Articulate-Event-Id": delivery.eventId,
    "Articulate-Event-Type": delivery.eventType,
    "Articulate-Delivery-Id": delivery.id,
    "Articulate-Delivery-Attempt": String(delivery.attempts + 1),
  };
  try {
    let status: number;
    if (privateDestinationsBlocked()) {
      // Resolve and check once, then connect to that address (no DNS rebinding between check and send).
      const checked = await checkedDestination(endpoint.url);
      if (!checked.ok) return { ok: false, statusCode: null, error: checked.reason };
      status = (
        await postToAddress(endpoint.url, checked.address, { headers, body, timeoutMs: policy.requestTimeoutMs })
      ).status;
    } else {
      const res = await fetchImpl(endpoint.url, {
        method: "POST",
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(policy.requestTimeoutMs),
        headers,
      });
      await res.body?.cancel().catch(() => undefined);
      status = res.status;
    }
    if (status >= 200 && status < 300) return { ok: true, statusCode: status, error: null };
    return { ok: false, statusCode: status, error: `HTTP ${status}` };
  } catch (err) {
    const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
    const reason =
      e.name === "TimeoutError"
        ? `timed out after ${policy.requestTimeoutMs} ms`
        : (e.cause?.code ?? e.cause?.message ?? e.message ?? "request failed");
    return { ok: false, statusCode: null, error: reason.slice(0, 500) };
  }
}

async function recordAttempt(
  delivery: ClaimedDelivery,
  result: AttemptResult,
  now: Date,
  policy: WebhookRetryPolicy,
): Promise<{ outcome: "succeeded" | "failed" | "dead"; disabledEndpoint: { url: string; failures: number } | null }> {
  const tdb = forTenant(delivery.tenantId);
  const attempts = delivery.attempts + 1;
  return tdb.$transaction(async (tx) => {
    if (result.ok) {
      await tx.webhookDelivery.update({
        where: { id: delivery.id, tenantId: delivery.tenantId },
        data: { status: "SUCCEEDED", attempts, deliveredAt: now, lastStatusCode: result.statusCode, lastError: null },
      });
      await tx.webhookEndpoint.updateMany({
        where: { id: delivery.endpointId },
        data: { consecutiveFailures: 0, failingSince: null },
      });
      return { outcome: "succeeded" as const, disabledEndpoint: null };
    }
    const dead = attempts >= policy.maxAttempts;
    await tx.webhookDelivery.update({
      where: { id: delivery.id, tenantId: delivery.tenantId },
      data: {
        // FAILED = last attempt failed, another is scheduled; DEAD = gave up (replayable).
        status: dead ? "DEAD" : "FAILED",
        attempts,
        lastStatusCode: result.statusCode,
        lastError: result.error,
        nextAttemptAt: new Date(now.getTime() + webhookRetryDelaySeconds(attempts, policy) * 1000),
      },
    });
    // The streak's start is set by its first failure only.
    await tx.webhookEndpoint.updateMany({
      where: { id: delivery.endpointId, tenantId: delivery.tenantId, failingSince: null },
      data: { failingSince: now },
    });
    const endpoint = await tx.webhookEndpoint.update({
      where: { id: delivery.endpointId, tenantId: delivery.tenantId },
      data: { consecutiveFailures: { increment: 1 } },
      select: { url: true, consecutiveFailures: true, failingSince: true },
    });
    let disabledEndpoint: { url: string; failures: number } | null = null;
    const failingForMs = now.getTime() - (endpoint.failingSince ?? now).getTime();
    if (
      endpoint.consecutiveFailures >= policy.disableAfterConsecutiveFailures &&
      failingForMs >= policy.disableAfterFailingForSeconds * 1000
    ) {
      // updateMany on enabled=true: only the first process to cross the line disables and notifies.
      const { count } = await tx.webhookEndpoint.updateMany({
        where: { id: delivery.endpointId, enabled: true },
        data: {
          enabled: false,
          disabledAt: now,
          disabledReason: `Disabled after ${endpoint.consecutiveFailures} consecutive failed deliveries over ${Math.round(failingForMs / 3_600_000)} h (last: ${result.error ?? "error"})`,
        },
      });
      if (count === 1) {
        disabledEndpoint = { url: endpoint.url, failures: endpoint.consecutiveFailures };
        await writeAudit(tx, {
          tenantId: delivery.tenantId,
          actorType: "system",
          action: "webhook_endpoint.auto_disabled",
          targetType: "WebhookEndpoint",
          targetId: delivery.endpointId,
          data: { url: endpoint.url, consecutiveFailures: endpoint.consecutiveFailures, lastError: result.error },
        });
      }
    }
    return { outcome: dead ? ("dead" as const) : ("failed" as const), disabledEndpoint };
  });
}

async function tellOwners(
  tenantId: string,
  endpointId: string,
  disabled: { url: string; failures: number },
  notify: (notice: OwnerNotice) => Promise<void>,
): Promise<void> {
  const owners = await forTenant(tenantId).membership.findMany({
    where: { role: "OWNER" },
    select: { user: { select: { email: true } } },
  });
  // platformDb(): Delivery job: the Tenant row itself is not tenant-owned.
  const tenant = await platformDb().tenant.findUnique({ where: { id: tenantId }, select: { name: true, slug: true } });
  await notify({
    tenantId,
    to: owners.map((o) => o.user.email),
    subject: `Webhook endpoint disabled for ${tenant?.name ?? "your business"}`,
    text:
      `We stopped sending events to ${disabled.url} after ${disabled.failures} failed deliveries in a row.\n` +
      `Fix the receiver, then re-enable endpoint ${endpointId} under Settings → Webhooks` +
      (tenant ? ` (/t/${tenant.slug}/settings/webhooks)` : "") +
      `; you can replay missed deliveries from its delivery log.`,
  });
}

/** Sends every due delivery once; the `webhooks.deliver-due` job calls it every few seconds. */
export async function deliverDueWebhooks(options: DeliverDueWebhooksOptions = {}): Promise<DeliveryRunSummary> {
  const policy = { ...DEFAULT_WEBHOOK_RETRY_POLICY, ...options.policy };
  const now = options.now ?? new Date();
  const fetchImpl = options.fetch ?? fetch;
  const notify = options.notifyOwners ?? logOwnerNotice;
  const claimed = await claimDueDeliveries(now, options.limit ?? 100, policy.requestTimeoutMs + 60_000);
  const summary: DeliveryRunSummary = {
    claimed: claimed.length,
    succeeded: 0,
    failed: 0,
    dead: 0,
    disabledEndpointIds: [],
  };
  if (claimed.length === 0) return summary;

  const endpointIds = [...new Set(claimed.map((d) => d.endpointId))];
  // Cross-tenant by nature (a batch spans tenants); ids come from our own claim, never a client.
  const endpoints = new Map(
    (
      await platformDb().webhookEndpoint.findMany({
        where: { id: { in: endpointIds } },
        select: { id: true, url: true, secretEnc: true },
      })
    ).map((e) => [e.id, e]),
  );

  const concurrency = Math.max(1, options.concurrency ?? 8);
  let next = 0;
  const worker = async () => {
    while (next < claimed.length) {
      const delivery = claimed[next++]!;
      const endpoint = endpoints.get(delivery.endpointId);
      if (!endpoint) continue; // deleted meanwhile: its deliveries cascade away
      const result = await sendOnce(delivery, endpoint, policy, fetchImpl);
      const recorded = await recordAttempt(delivery, result, now, policy);
      summary[recorded.outcome] += 1;
      if (recorded.disabledEndpoint) {
        summary.disabledEndpointIds.push(delivery.endpointId);
        await tellOwners(delivery.tenantId, delivery.endpointId, recorded.disabledEndpoint, notify).catch((err) =>
          console.error(
            JSON.stringify({
              level: "error",
              msg: "owner notice failed",
              tenantId: delivery.tenantId,
              error: String(err),
            }),
          ),
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker));
  return summary;
}

/**
 * Queues the same event (same event id and payload) for the same endpoint
 * again, as a new delivery row, so the log keeps every attempt.
 */
export async function replayWebhookDelivery(
  tenantId: string,
  deliveryId: string,
  actor: AuditActor,
): Promise<{ deliveryId: string }> {
  const tdb = forTenant(tenantId);
  return tdb.$transaction(async (tx) => {
    const original = await tx.webhookDelivery.findFirst({
      where: { id: deliveryId },
      include: { endpoint: { select: { enabled: true, tenantId: true } } },
    });
    if (!original || original.endpoint.tenantId !== tenantId) throw new WebhookNotFoundError("delivery");
    if (!original.endpoint.enabled) {
      throw new WebhookInputError("endpoint", "This endpoint is disabled. Re-enable it before replaying deliveries.");
    }
    const copy = await tx.webhookDelivery.create({
      data: {
        tenantId,
        endpointId: original.endpointId,
        eventId: original.eventId,
        eventType: original.eventType,
        apiVersion: original.apiVersion,
        payload: original.payload as Prisma.InputJsonValue,
      },
    });
    await writeAudit(tx, {
      tenantId,
      ...actor,
      action: "webhook_delivery.replayed",
      targetType: "WebhookDelivery",
      targetId: original.id,
      data: { replayDeliveryId: copy.id, eventId: original.eventId },
    });
    return { deliveryId: copy.id };
  });
}

export interface WebhookDeliveryLogItem {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  status: "PENDING" | "SUCCEEDED" | "FAILED" | "DEAD" | "SKIPPED";
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  createdAt: Date;
}

/** Newest first; `before` is the id of the last item of the previous page. */
export async function listWebhookDeliveries(
  tenantId: string,
  options: { endpointId?: string; limit?: number; before?: string } = {},
): Promise<{ items: WebhookDeliveryLogItem[]; nextBefore: string | null }> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const rows = await forTenant(tenantId).webhookDelivery.findMany({
    where: { endpointId: options.endpointId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(options.before ? { cursor: { id: options.before }, skip: 1 } : {}),
    select: {
      id: true,
      endpointId: true,
      eventId: true,
      eventType: true,
      status: true,
      attempts: true,
      lastStatusCode: true,
      lastError: true,
      nextAttemptAt: true,
      deliveredAt: true,
      createdAt: true,
    },
  });
  const items = rows.slice(0, limit);
  return { items, nextBefore: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
}

export async function getWebhookDelivery(tenantId: string, deliveryId: string) {
  const row = await forTenant(tenantId).webhookDelivery.findFirst({ where: { id: deliveryId } });
  if (!row) throw new WebhookNotFoundError("delivery");
  return row;
}
