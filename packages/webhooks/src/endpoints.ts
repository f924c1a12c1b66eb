// A tenant's webhook endpoints: each has its own signing secret (shown to the
// tenant once at creation or rotation, stored encrypted), an event filter
// (empty = every event) and an enabled flag that delivery failures can clear.
import crypto from "node:crypto";
import { sharedSettings } from "@articulate/config";
import type { AuditActorType, WebhookEndpointModel as WebhookEndpoint } from "@articulate/db";
import { encryptSecret, forTenant, writeAudit } from "@articulate/db";
import { z } from "zod";
import { WebhookInputError, WebhookNotFoundError } from "./errors";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "./events";

export const MAX_ENDPOINTS_PER_TENANT = 16;

function httpsRequired(): boolean {
  const s = sharedSettings();
  return s.NODE_ENV === "production" && !s.WEBHOOKS_ALLOW_HTTP;
}

const urlSchema = z
  .string()
  .trim()
  .max(2048, "must be at most 2048 characters")
  .pipe(z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }))
  .refine((u) => !httpsRequired() || u.startsWith("https://"), "must use https")
  .refine((u) => {
    // Runs even after a failed URL check, so it must not throw on garbage.
    const parsed = URL.canParse(u) ? new URL(u) : null;
    return !parsed || (!parsed.username && !parsed.password);
  }, "must not contain credentials");

export const webhookEndpointInputSchema = z.object({
  url: urlSchema,
  description: z.string().trim().max(200, "must be at most 200 characters").optional(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).max(WEBHOOK_EVENT_TYPES.length).default([]),
});
export type WebhookEndpointInput = z.input<typeof webhookEndpointInputSchema>;

export const webhookEndpointUpdateSchema = webhookEndpointInputSchema
  .partial()
  .extend({ enabled: z.boolean().optional() });
export type WebhookEndpointUpdate = z.input<typeof webhookEndpointUpdateSchema>;

export interface AuditActor {
  actorType: Exclude<AuditActorType, "stripe">;
  actorId?: string | null;
}

/** What a tenant may see of an endpoint (never the secret). */
export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  events: WebhookEventType[];
  enabled: boolean;
  disabledAt: Date | null;
  disabledReason: string | null;
  consecutiveFailures: number;
  createdAt: Date;
}

function view(e: WebhookEndpoint): WebhookEndpointView {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: e.events as WebhookEventType[],
    enabled: e.enabled,
    disabledAt: e.disabledAt,
    disabledReason: e.disabledReason,
    consecutiveFailures: e.consecutiveFailures,
    createdAt: e.createdAt,
  };
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WebhookInputError(issue?.path.join(".") || "input", issue?.message ?? "invalid");
  }
  return parsed.data;
}

function newSigningSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString("base64url")}`;
}

export async function createWebhookEndpoint(
  tenantId: string,
  input: WebhookEndpointInput,
  actor: AuditActor,
): Promise<{ endpoint: WebhookEndpointView; secret: string }> {
  const data = parse(webhookEndpointInputSchema, input);
  const secret = newSigningSecret();
  const tdb = forTenant(tenantId);
  const endpoint = await tdb.$transaction(async (tx) => {
    const existing = await tx.webhookEndpoint.count({ where: { tenantId } });
    if (existing >= MAX_ENDPOINTS_PER_TENANT) {
      throw new WebhookInputError("url", `at most ${MAX_ENDPOINTS_PER_TENANT} endpoints per business`);
    }
    const created = await tx.webhookEndpoint.create({
      data: {
        tenantId,
        url: data.url,
        description: data.description || null,
        events: [...new Set(data.events)],
        secretEnc: encryptSecret(secret),
      },
    });
    await writeAudit(tx, {
      tenantId,
      ...actor,
      action: "webhook_endpoint.created",
      targetType: "WebhookEndpoint",
      targetId: created.id,
      data: { url: created.url, events: created.events },
    });
    return created;
  });
  return { endpoint: view(endpoint), secret };
}

export async function listWebhookEndpoints(tenantId: string): Promise<WebhookEndpointView[]> {
  const rows = await forTenant(tenantId).webhookEndpoint.findMany({
    where: { tenantId },
    orderBy: { createdAt: "asc" },
  });
  return rows.map(view);
}

export async function getWebhookEndpoint(tenantId: string, endpointId: string): Promise<WebhookEndpointView> {
  const row = await forTenant(tenantId).webhookEndpoint.findFirst({ where: { id: endpointId } });
  if (!row) throw new WebhookNotFoundError("endpoint");
  return view(row);
}

/** Edits an endpoint; enabling it again clears the failure streak. */
export async function updateWebhookEndpoint(
  tenantId: string,
  endpointId: string,
  input: WebhookEndpointUpdate,
  actor: AuditActor,
): Promise<WebhookEndpointView> {
  const data = parse(webhookEndpointUpdateSchema, input);
  const tdb = forTenant(tenantId);
  return tdb.$transaction(async (tx) => {
    const current = await tx.webhookEndpoint.findFirst({ where: { id: endpointId } });
    if (!current) throw new WebhookNotFoundError("endpoint");
    const reEnabling = data.enabled === true && !current.enabled;
    const disabling = data.enabled === false && current.enabled;
    const updated = await tx.webhookEndpoint.update({
      where: { id: current.id, tenantId },
      data: {
        url: data.url,
        description: data.description === undefined ? undefined : data.description || null,
        events: data.events ? [...new Set(data.events)] : undefined,
        enabled: data.enabled,
        ...(reEnabling ? { consecutiveFailures: 0, failingSince: null, disabledAt: null, disabledReason: null } : {}),
        ...(disabling ? { disabledAt: new Date(), disabledReason: "Disabled by the business" } : {}),
      },
    });
    await writeAudit(tx, {
      tenantId,
      ...actor,
      action: reEnabling
        ? "webhook_endpoint.enabled"
        : disabling
          ? "webhook_endpoint.disabled"
          : "webhook_endpoint.updated",
      targetType: "WebhookEndpoint",
      targetId: current.id,
      data: { url: updated.url, events: updated.events },
    });
    return view(updated);
  });
}

export async function rotateWebhookSecret(
  tenantId: string,
  endpointId: string,
  actor: AuditActor,
): Promise<{ secret: string }> {
  const secret = newSigningSecret();
  const tdb = forTenant(tenantId);
  await tdb.$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.updateMany({
      where: { id: endpointId },
      data: { secretEnc: encryptSecret(secret) },
    });
    if (count === 0) throw new WebhookNotFoundError("endpoint");
    await writeAudit(tx, {
      tenantId,
      ...actor,
      action: "webhook_endpoint.secret_rotated",
      targetType: "WebhookEndpoint",
      targetId: endpointId,
    });
  });
  return { secret };
}

export async function deleteWebhookEndpoint(tenantId: string, endpointId: string, actor: AuditActor): Promise<void> {
  const tdb = forTenant(tenantId);
  await tdb.$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.deleteMany({ where: { id: endpointId } });
    if (count === 0) throw new WebhookNotFoundError("endpoint");
    await writeAudit(tx, {
      tenantId,
      ...actor,
      action: "webhook_endpoint.deleted",
      targetType: "WebhookEndpoint",
      targetId: endpointId,
    });
  });
}
