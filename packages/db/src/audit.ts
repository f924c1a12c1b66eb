// The one way to write an audit entry. Actions and target types are closed
// lists so the admin log reads consistently ("Call", never "call") and a new
// action is added here, on purpose, before anything can write it.
import type { Prisma } from "./generated/prisma/client";

export const AUDIT_ACTIONS = [
  "agent.created",
  "agent.updated",
  "agent.archived",
  "api_key.created",
  "appointment_type.created",
  "appointment_type.updated",
  "api_key.revoked",
  "billing.checkout_completed",
  "billing.checkout_started",
  "billing.customer_created",
  "billing.grace_started",
  "billing.invoice_paid",
  "billing.payment_failed",
  "billing.plan_changed",
  "billing.subscription_status",
  "billing.usage_needs_attention",
  "block_list.added",
  "block_list.removed",
  "booking.cancelled",
  "booking.created",
  "booking.feed_rotated",
  "booking.calendar_connected",
  "booking.calendar_disconnected",
  "booking.calendars_chosen",
  "booking.rescheduled",
  "call.outbound_placed",
  "job.retried",
  "member.invited",
  "member.joined",
  "member.removed",
  "member.role_changed",
  "message.updated",
  "notification.preferences_updated",
  "notification.unsubscribed",
  "number.assigned",
  "number.bought",
  "number.imported",
  "number.provisioning_failed",
  "number.provisioning_retried",
  "number.secure_media_changed",
  "number.released",
  "recording.deleted",
  "recording.caller_data_deleted",
  "retention.purged",
  "sms_account.connected",
  "sms_account.removed",
  "sms_account.tested",
  "stripe.event_ignored",
  "stripe.event_stale",
  "tenant.created",
  "tenant.restored",
  "tenant.resumed",
  "tenant.suspended",
  "tenant.viewed_read_only",
  "webhook_delivery.replayed",
  "webhook_endpoint.auto_disabled",
  "webhook_endpoint.created",
  "webhook_endpoint.deleted",
  "webhook_endpoint.disabled",
  "webhook_endpoint.enabled",
  "webhook_endpoint.secret_rotated",
  "webhook_endpoint.updated",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Our models by their Prisma name; Stripe objects by Stripe's name, prefixed so they never clash. */
export const AUDIT_TARGET_TYPES = [
  "Agent",
  "ApiKey",
  "BlockedCaller",
  "AppointmentType",
  "Booking",
  "BookingCalendar",
  "Call",
  "Invitation",
  "Job",
  "Membership",
  "Message",
  "NotificationPreference",
  "PhoneNumber",
  "Subscription",
  "Tenant",
  "TenantSmsAccount",
  "WebhookDelivery",
  "WebhookEndpoint",
  "StripeCheckoutSession",
  "StripeCustomer",
  "StripeInvoice",
] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

export type AuditActorType = "user" | "api_key" | "platform_admin" | "stripe" | "system";

export interface AuditEntry {
  /** null for platform-level entries. */
  tenantId: string | null;
  action: AuditAction;
  actorType: AuditActorType;
  actorId?: string | null;
  targetType?: AuditTargetType;
  targetId?: string | null;
  data?: Prisma.InputJsonValue;
}

/** Any client that can write an audit row: a transaction, forTenant(), db() or platformDb(). */
export type AuditWriter = {
  auditLog: { create(args: { data: Prisma.AuditLogUncheckedCreateInput }): PromiseLike<unknown> };
};

export async function writeAudit(client: AuditWriter, entry: AuditEntry): Promise<void> {
  await client.auditLog.create({
    data: {
      tenantId: entry.tenantId,
      actorType: entry.actorType,
      actorId: entry.actorId ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      data: entry.data,
    },
  });
}
