// @articulate/billing: plans, the usage ledger and rating, platform cost and
// margin, and Stripe (catalogue, customers, checkout/portal, meter events,
// webhooks, dunning). One public entry; modules below are internal.

export type { CatalogSetupResult } from "./catalog";
export { setupStripeCatalog } from "./catalog";
export { createCheckoutSession, createPortalSession, ensureStripeCustomer } from "./checkout";
export type { CurrentPlan } from "./current-plan";
export { currentPlanOf, getCurrentPlan } from "./current-plan";
export type { UsageSummary } from "./dashboard";
export { billingStatus, getUsageSummary, listInvoices } from "./dashboard";
export { enforceBillingGrace } from "./dunning";
export { BillingInputError, BillingNotConfiguredError, StripeWebhookSignatureError } from "./errors";
export type { TenantMargin } from "./margins";
export { getTenantMargin, getTenantMargins, platformMonthlyTotals } from "./margins";

export { PLANS } from "./plans";

export { billingPeriodFor, periodMinutesUsed, rateTenantPeriod } from "./rating";
export { stripeClient, stripeSettings } from "./stripe-client";
export { BILLING_SUSPENSION_REASON } from "./subscription-state";
export type { UsageRules } from "./usage-ledger";
export { billableDuration, describeCallBilling, recordCallUsage, unbilledReasonFor } from "./usage-ledger";

export { reconcileUsage, reportPendingUsage } from "./usage-reporting";

export { handleStripeWebhook } from "./webhooks";
