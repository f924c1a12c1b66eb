"use server";
// Webhook endpoints and the delivery log from the dashboard. Domain logic lives
// in @articulate/webhooks; these only authorise (ADMIN+), validate and map errors.
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  replayWebhookDelivery,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  WEBHOOK_EVENT_TYPES,
  WebhookInputError,
  WebhookNotFoundError,
} from "@articulate/webhooks";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionError, notFoundInTenant, withTenantAction } from "@/lib/authz/action";

async function mapped<R>(slug: string, run: () => Promise<R>): Promise<R> {
  try {
    const r = await run();
    revalidatePath(`/t/${slug}/settings/webhooks`);
    return r;
  } catch (err) {
    if (err instanceof WebhookNotFoundError) throw notFoundInTenant("That webhook endpoint or delivery");
    if (err instanceof WebhookInputError) throw new ActionError(err.message, { field: err.field, code: 400 });
    throw err;
  }
}

const events = z
  .union([z.enum(WEBHOOK_EVENT_TYPES), z.array(z.enum(WEBHOOK_EVENT_TYPES))])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

export const createWebhookEndpointAction = withTenantAction(
  z.object({
    url: z.string().trim().min(1, "Enter the URL to send events to"),
    description: z.string().optional(),
    events,
  }),
  { role: "ADMIN" },
  async (input, { tenant, user }) =>
    mapped(tenant.slug, async () => {
      const { endpoint, secret } = await createWebhookEndpoint(tenant.id, input, {
        actorType: "user",
        actorId: user.id,
      });
      return { id: endpoint.id, url: endpoint.url, secret };
    }),
);

const endpointId = z.object({ endpointId: z.string().min(1).max(64) });

export const setWebhookEndpointEnabledAction = withTenantAction(
  endpointId.extend({ enabled: z.enum(["true", "false"]).transform((v) => v === "true") }),
  { role: "ADMIN" },
  async (input, { tenant, user }) =>
    mapped(tenant.slug, () =>
      updateWebhookEndpoint(
        tenant.id,
        input.endpointId,
        { enabled: input.enabled },
        { actorType: "user", actorId: user.id },
      ),
    ),
  { successMessage: "Saved." },
);

export const rotateWebhookSecretAction = withTenantAction(
  endpointId,
  { role: "ADMIN" },
  async (input, { tenant, user }) =>
    mapped(tenant.slug, () =>
      rotateWebhookSecret(tenant.id, input.endpointId, { actorType: "user", actorId: user.id }),
    ),
);

export const deleteWebhookEndpointAction = withTenantAction(
  endpointId,
  { role: "ADMIN" },
  async (input, { tenant, user }) =>
    mapped(tenant.slug, () =>
      deleteWebhookEndpoint(tenant.id, input.endpointId, { actorType: "user", actorId: user.id }),
    ),
  { successMessage: "Endpoint deleted." },
);

export const replayWebhookDeliveryAction = withTenantAction(
  z.object({ deliveryId: z.string().min(1).max(64) }),
  { role: "ADMIN" },
  async (input, { tenant, user }) =>
    mapped(tenant.slug, () =>
      replayWebhookDelivery(tenant.id, input.deliveryId, { actorType: "user", actorId: user.id }),
    ),
  { successMessage: "Queued again; it will be sent within a few seconds." },
);
