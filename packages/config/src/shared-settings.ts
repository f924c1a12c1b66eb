// Settings our packages read (not one app's): one zod schema, so a package
// never parses the environment by hand. Apps spread sharedSettingsShape into
// their own env schema, which makes a malformed value fail at start naming the
// variable; packages call sharedSettings() when they need a value. Not cached:
// tests change the environment between cases.
import { z } from "zod";

/** The worker's explicit-dispatch name; dispatch rules, outbound calls and test-call tokens all name it. */
export const DEFAULT_AGENT_NAME = "receptionist";
export const agentNameVar = z
  .string()
  .regex(/^[A-Za-z0-9_-]+$/, { message: "must be letters, digits, - or _" })
  .default(DEFAULT_AGENT_NAME);

/** "1" turns an opt-in on; anything else (or unset) leaves it off. */
const optIn = z
  .enum(["0", "1"], { message: "must be 1 (on) or 0 (off)" })
  .optional()
  .transform((v) => v === "1");

export const sharedSettingsShape = {
  LIVEKIT_AGENT_NAME: agentNameVar,
  /** Stripe meter events per second we allow ourselves (default: 900 live, 20 test). */
  STRIPE_METER_EVENTS_PER_SECOND: z.coerce.number().positive().max(1000).optional(),
  /** Days a tenant keeps calling after a failed payment before it is suspended. */
  BILLING_GRACE_DAYS: z.coerce.number().min(0).max(90).default(7),
  /** Production only: allow http:// webhook endpoints (never in a real deployment). */
  WEBHOOKS_ALLOW_HTTP: optIn,
  /** Production only: allow webhook endpoints on private addresses. */
  WEBHOOKS_ALLOW_PRIVATE: optIn,
  /** Public API: requests per minute per key, and the burst a key may spend at once. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(120),
  API_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1000).default(60),
};

const sharedSettingsSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  ...sharedSettingsShape,
});
export type SharedSettings = z.infer<typeof sharedSettingsSchema>;

/** The shared settings from an environment (process.env by default); throws naming a malformed variable. */
export function sharedSettings(source: Record<string, string | undefined> = process.env): SharedSettings {
  const values: Record<string, string | undefined> = {};
  for (const key of Object.keys(sharedSettingsSchema.shape)) {
    const v = source[key]?.trim();
    values[key] = v === undefined || v === "" ? undefined : v;
  }
  const parsed = sharedSettingsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid environment: ${issue?.path.join(".") ?? "?"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data;
}
