// The Stripe client, configured from the environment. STRIPE_API_BASE points
// stripe-node at another host (the local fake in tests and benchmarks).
import { stripeEnv } from "@articulate/config";
import Stripe from "stripe";
import { BillingNotConfiguredError } from "./errors";

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string | null;
  apiBase: URL | null;
}

/** Stripe's settings from the environment (parsed by @articulate/config), or null when no secret key is set. */
export function stripeSettings(source?: Record<string, string | undefined>): StripeSettings | null {
  const e = stripeEnv(source);
  if (!e.STRIPE_SECRET_KEY) return null;
  return {
    secretKey: e.STRIPE_SECRET_KEY,
    webhookSecret: e.STRIPE_WEBHOOK_SECRET ?? null,
    apiBase: e.STRIPE_API_BASE ? new URL(e.STRIPE_API_BASE) : null,
  };
}

const holder = globalThis as unknown as { __articulateStripe?: { key: string; client: Stripe } };

export function createStripeClient(settings: Pick<StripeSettings, "secretKey" | "apiBase">): Stripe {
  const base = settings.apiBase;
  return new Stripe(settings.secretKey, {
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: "articulate-billing" },
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === "http:" ? 80 : 443),
          protocol: base.protocol === "http:" ? "http" : "https",
        }
      : {}),
  });
}

/** The shared client, or null when Stripe is not configured. */
export function stripeClient(): Stripe | null {
  const settings = stripeSettings();
  if (!settings) return null;
  const key = `${settings.secretKey}|${settings.apiBase?.toString() ?? ""}`;
  if (holder.__articulateStripe?.key !== key) holder.__articulateStripe = { key, client: createStripeClient(settings) };
  return holder.__articulateStripe.client;
}

export function requireStripe(): Stripe {
  const client = stripeClient();
  if (!client) throw new BillingNotConfiguredError();
  return client;
}

export function isLiveKey(secretKey: string): boolean {
  return secretKey.startsWith("sk_live_") || secretKey.startsWith("rk_live_");
}
