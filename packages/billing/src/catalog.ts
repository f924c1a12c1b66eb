// The Stripe catalogue: one meter, a product per billed plan, a licensed base
// price and a graduated metered price per plan (first tier free up to the
// included minutes). Created idempotently: existing objects are found by
// product id / lookup_key / meter event name first, and their ids recorded in
// StripeCatalogEntry.
import type { PlanTier } from "@articulate/db";
import { platformDb } from "@articulate/db";
import type Stripe from "stripe";
import { BillingInputError, BillingNotConfiguredError } from "./errors";
import { BILLING_CURRENCY, PLANS, type PlanTerms, planTerms } from "./plans";
import { isLiveKey, stripeSettings } from "./stripe-client";

export const METER_EVENT_NAME = "articulate_voice_minutes";
export const METER_KEY = "meter";

type BilledPlan = Exclude<PlanTier, "TRIAL">;
const BILLED_PLANS: BilledPlan[] = ["STARTER", "PROFESSIONAL", "ENTERPRISE"];

const productId = (plan: BilledPlan) => `articulate_${plan.toLowerCase()}`;

/** Lookup keys are derived from the terms, so changed terms get a new price (and the key moves to it). */
function baseLookupKey(plan: BilledPlan, terms: PlanTerms): string {
  return PLANS[plan].custom
    ? `articulate_${plan.toLowerCase()}_base_aud_${terms.baseMinor}`
    : `articulate_${plan.toLowerCase()}_base_aud`;
}
function minutesLookupKey(plan: BilledPlan, terms: PlanTerms): string {
  return PLANS[plan].custom
    ? `articulate_${plan.toLowerCase()}_minutes_aud_${terms.includedMinutes}`
    : `articulate_${plan.toLowerCase()}_minutes_aud`;
}

export interface CatalogPrices {
  meterId: string;
  basePriceId: string;
  minutesPriceId: string;
}

export interface CatalogSetupResult {
  meterId: string;
  created: string[];
  reused: string[];
  prices: Record<BilledPlan, { basePriceId: string; minutesPriceId: string }>;
}

async function recordEntry(key: string, stripeId: string, livemode: boolean): Promise<void> {
  // platformDb(): The Stripe catalogue is platform-wide (no tenant).
  await platformDb().stripeCatalogEntry.upsert({
    where: { key },
    create: { key, stripeId, livemode },
    update: { stripeId, livemode },
  });
}

async function ensureMeter(stripe: Stripe, log: CatalogLog): Promise<string> {
  // platformDb(): The Stripe catalogue is platform-wide (no tenant).
  const recorded = await platformDb().stripeCatalogEntry.findUnique({ where: { key: METER_KEY } });
  if (recorded) {
    try {
      const m = await stripe.billing.meters.retrieve(recorded.stripeId);
      if (m.status === "active" && m.event_name === METER_EVENT_NAME) {
        log.reused.push(`meter ${m.id}`);
        return m.id;
      }
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
  }
  for await (const m of stripe.billing.meters.list({ status: "active", limit: 100 })) {
    if (m.event_name === METER_EVENT_NAME) {
      log.reused.push(`meter ${m.id}`);
      return m.id;
    }
  }
  const m = await stripe.billing.meters.create({
    display_name: "Voice minutes",
    event_name: METER_EVENT_NAME,
    default_aggregation: { formula: "sum" },
    customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" },
    value_settings: { event_payload_key: "value" },
  });
  log.created.push(`meter ${m.id}`);
  return m.id;
}

async function ensureProduct(stripe: Stripe, plan: BilledPlan, log: CatalogLog): Promise<string> {
  const id = productId(plan);
  try {
    const p = await stripe.products.retrieve(id);
    log.reused.push(`product ${p.id}`);
    return p.id;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
  const p = await stripe.products.create({
    id,
    name: `Articulate ${PLANS[plan].label}`,
    metadata: { articulate_plan: plan },
  });
  log.created.push(`product ${p.id}`);
  return p.id;
}

interface CatalogLog {
  created: string[];
  reused: string[];
}

function tiersFor(terms: PlanTerms): Stripe.PriceCreateParams.Tier[] {
  return [
    { up_to: terms.includedMinutes, unit_amount: 0 },
    { up_to: "inf", unit_amount: terms.overageMinorPerMinute },
  ];
}

function sameTiers(existing: Stripe.Price.Tier[] | undefined, wanted: Stripe.PriceCreateParams.Tier[]): boolean {
  if (!existing || existing.length !== wanted.length) return false;
  return existing.every((t, i) => {
    const w = wanted[i];
    if (!w) return false;
    const upTo = w.up_to === "inf" ? null : w.up_to;
    return t.up_to === upTo && (t.unit_amount ?? 0) === (w.unit_amount ?? 0) && (t.flat_amount ?? 0) === 0;
  });
}

async function ensurePrice(
  stripe: Stripe,
  lookupKey: string,
  params: Stripe.PriceCreateParams,
  matches: (p: Stripe.Price) => boolean,
  log: CatalogLog,
): Promise<string> {
  const found = await stripe.prices.list({ lookup_keys: [lookupKey], active: true, expand: ["data.tiers"], limit: 1 });
  const existing = found.data[0];
  if (existing && matches(existing)) {
    log.reused.push(`price ${existing.id} (${lookupKey})`);
    return existing.id;
  }
  // Terms changed (or first run): a new price takes over the lookup key.
  const created = await stripe.prices.create({
    ...params,
    lookup_key: lookupKey,
    transfer_lookup_key: existing !== undefined,
  });
  log.created.push(`price ${created.id} (${lookupKey})`);
  return created.id;
}

async function ensurePlanPrices(
  stripe: Stripe,
  meterId: string,
  plan: BilledPlan,
  terms: PlanTerms,
  product: string,
  log: CatalogLog,
): Promise<{ basePriceId: string; minutesPriceId: string }> {
  const metadata = {
    articulate_plan: plan,
    articulate_base_minor: String(terms.baseMinor),
    articulate_included_minutes: String(terms.includedMinutes),
  };
  const basePriceId = await ensurePrice(
    stripe,
    baseLookupKey(plan, terms),
    {
      product,
      currency: BILLING_CURRENCY,
      unit_amount: terms.baseMinor,
      recurring: { interval: "month", usage_type: "licensed" },
      nickname: `${terms.label} base`,
      metadata: { ...metadata, articulate_component: "base" },
    },
    (p) =>
      p.unit_amount === terms.baseMinor && p.currency === BILLING_CURRENCY && p.recurring?.usage_type === "licensed",
    log,
  );
  const tiers = tiersFor(terms);
  const minutesPriceId = await ensurePrice(
    stripe,
    minutesLookupKey(plan, terms),
    {
      product,
      currency: BILLING_CURRENCY,
      recurring: { interval: "month", usage_type: "metered", meter: meterId },
      billing_scheme: "tiered",
      tiers_mode: "graduated",
      tiers,
      nickname: `${terms.label} minutes`,
      metadata: { ...metadata, articulate_component: "minutes" },
    },
    (p) =>
      p.currency === BILLING_CURRENCY &&
      p.recurring?.usage_type === "metered" &&
      p.recurring.meter === meterId &&
      p.tiers_mode === "graduated" &&
      sameTiers(p.tiers, tiers),
    log,
  );
  return { basePriceId, minutesPriceId };
}

/** Creates or finds the whole catalogue and records the ids. Safe to re-run. */
export async function setupStripeCatalog(stripe: Stripe): Promise<CatalogSetupResult> {
  const settings = stripeSettings();
  const livemode = settings ? isLiveKey(settings.secretKey) : false;
  const log: CatalogLog = { created: [], reused: [] };
  const meterId = await ensureMeter(stripe, log);
  await recordEntry(METER_KEY, meterId, livemode);
  const prices = {} as CatalogSetupResult["prices"];
  for (const plan of BILLED_PLANS) {
    const product = await ensureProduct(stripe, plan, log);
    await recordEntry(`product:${plan}`, product, livemode);
    const ids = await ensurePlanPrices(stripe, meterId, plan, planTerms(plan), product, log);
    await recordEntry(`price:${plan}:base`, ids.basePriceId, livemode);
    await recordEntry(`price:${plan}:minutes`, ids.minutesPriceId, livemode);
    prices[plan] = ids;
  }
  return { meterId, created: log.created, reused: log.reused, prices };
}

/** The recorded meter id, or null before `stripe:setup` ran. */
export async function recordedMeterId(): Promise<string | null> {
  // platformDb(): The Stripe catalogue is platform-wide (no tenant).
  const e = await platformDb().stripeCatalogEntry.findUnique({ where: { key: METER_KEY } });
  return e?.stripeId ?? null;
}

/**
 * The two prices a subscription to `plan` uses. Standard plans come from the
 * recorded catalogue; Enterprise terms that differ from the list defaults get
 * their own prices (found or created by lookup key).
 */
export async function pricesForPlan(
  stripe: Stripe,
  plan: PlanTier,
  overrides: { customBaseMinor?: number | null; customIncludedMinutes?: number | null } | null,
): Promise<CatalogPrices> {
  if (plan === "TRIAL") throw new BillingInputError("The trial plan is not sold through Stripe", "plan");
  // platformDb(): The Stripe catalogue is platform-wide (no tenant).
  const entries = await platformDb().stripeCatalogEntry.findMany({
    where: { key: { in: [METER_KEY, `product:${plan}`, `price:${plan}:base`, `price:${plan}:minutes`] } },
  });
  const byKey = new Map(entries.map((e) => [e.key, e.stripeId]));
  const meterId = byKey.get(METER_KEY);
  const product = byKey.get(`product:${plan}`);
  const base = byKey.get(`price:${plan}:base`);
  const minutes = byKey.get(`price:${plan}:minutes`);
  if (!meterId || !product || !base || !minutes) {
    throw new BillingNotConfiguredError(
      "The Stripe catalogue is not set up (run `pnpm --filter @articulate/billing stripe:setup`)",
    );
  }
  const terms = planTerms(plan, overrides);
  const defaults = planTerms(plan);
  if (terms.baseMinor === defaults.baseMinor && terms.includedMinutes === defaults.includedMinutes) {
    return { meterId, basePriceId: base, minutesPriceId: minutes };
  }
  const ids = await ensurePlanPrices(stripe, meterId, plan, terms, product, { created: [], reused: [] });
  return { meterId, ...ids };
}

export function requireBilledPlan(plan: string): BilledPlan {
  if ((BILLED_PLANS as string[]).includes(plan)) return plan as BilledPlan;
  throw new BillingInputError(`plan must be one of ${BILLED_PLANS.join(", ")}`, "plan");
}
