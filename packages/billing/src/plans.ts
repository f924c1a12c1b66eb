// The price list, defined once. AUD, minor units (cents). Stripe's catalogue,
// rating and the dashboard all read these terms.
import type { PlanTier } from "@articulate/db";

export interface PlanDefinition {
  plan: PlanTier;
  label: string;
  /** Licensed base fee per month, cents. */
  baseMinor: number;
  includedMinutes: number;
  overageMinorPerMinute: number;
  /** Billed through Stripe (TRIAL is not). */
  stripeBilled: boolean;
  /** Base and included minutes are negotiated per customer (Subscription.custom*). */
  custom: boolean;
}

/**
 * TRIAL: free, not billed, 100 included minutes so a business can try real calls
 * (overage is not charged; the tenant's hard cap, if any, stops calls).
 * ENTERPRISE: base and included minutes come from Subscription.customBaseMinor /
 * customIncludedMinutes; the values here are the list defaults until negotiated.
 */
export const PLANS: Readonly<Record<PlanTier, PlanDefinition>> = Object.freeze({
  TRIAL: {
    plan: "TRIAL",
    label: "Trial (free, not billed)",
    baseMinor: 0,
    includedMinutes: 100,
    overageMinorPerMinute: 0,
    stripeBilled: false,
    custom: false,
  },
  STARTER: {
    plan: "STARTER",
    label: "Starter",
    baseMinor: 19_900,
    includedMinutes: 1_000,
    overageMinorPerMinute: 10,
    stripeBilled: true,
    custom: false,
  },
  PROFESSIONAL: {
    plan: "PROFESSIONAL",
    label: "Professional",
    baseMinor: 39_900,
    includedMinutes: 5_000,
    overageMinorPerMinute: 8,
    stripeBilled: true,
    custom: false,
  },
  ENTERPRISE: {
    plan: "ENTERPRISE",
    label: "Enterprise",
    baseMinor: 99_900,
    includedMinutes: 15_000,
    overageMinorPerMinute: 6,
    stripeBilled: true,
    custom: true,
  },
});

export const BILLING_CURRENCY = "aud";

/** The terms a tenant actually pays: the plan, with Enterprise overrides applied. */
export interface PlanTerms {
  plan: PlanTier;
  label: string;
  baseMinor: number;
  includedMinutes: number;
  overageMinorPerMinute: number;
  stripeBilled: boolean;
}

export function planTerms(
  plan: PlanTier,
  overrides?: { customBaseMinor?: number | null; customIncludedMinutes?: number | null } | null,
): PlanTerms {
  const def = PLANS[plan];
  const custom = def.custom && overrides;
  return {
    plan,
    label: def.label,
    baseMinor: custom && overrides.customBaseMinor != null ? overrides.customBaseMinor : def.baseMinor,
    includedMinutes:
      custom && overrides.customIncludedMinutes != null ? overrides.customIncludedMinutes : def.includedMinutes,
    overageMinorPerMinute: def.overageMinorPerMinute,
    stripeBilled: def.stripeBilled,
  };
}
