// The web app's environment, validated with zod. Read it through env() (parsed
// once, lazily, so `next build` does not need runtime secrets) and
// featureFlags() (what the UI shows as "LiveKit not configured").
// Every variable is documented in .env.example.
import {
  analysisEnvShape,
  backgroundJobsVar,
  calendarEnvShape,
  DEV_AUTH_SECRET,
  databaseUrlVar,
  encryptionKeyVar,
  type FeatureFlags,
  type ModelProviderConfig,
  mailEnvShape,
  modelProviderConfig,
  modelProviderEnvShape,
  modelProviderFeature,
  nodeEnvVar,
  parseEnv,
  parseTrustedProxies,
  type RecordingStorageConfig,
  recordingStorageConfig,
  recordingsFeature,
  reportDisabledFeatures,
  s3EnvShape,
  sharedSettingsShape,
  smsEnvShape,
  stripeEnvShape,
  telephonyEnvSchema,
  urlVar,
} from "@articulate/config";
import { z } from "zod";

export const webEnvSchema = z
  .object({
    NODE_ENV: nodeEnvVar,
    ...sharedSettingsShape,
    DATABASE_URL: databaseUrlVar,
    APP_URL: urlVar(["http", "https"]).default("http://localhost:3000"),
    AUTH_SECRET: z.string().min(32, { message: "must be at least 32 characters (openssl rand -base64 32)" }).optional(),
    ENCRYPTION_KEY: encryptionKeyVar,
    ...stripeEnvShape,
    ...analysisEnvShape,
    ...smsEnvShape,
    ...mailEnvShape,
    BACKGROUND_JOBS: backgroundJobsVar,
    /** OAuth sign-in (AUTH_GOOGLE_* are in calendarEnvShape): offered only when both of its variables are set. */
    AUTH_GITHUB_ID: z.string().optional(),
    AUTH_GITHUB_SECRET: z.string().optional(),
    /** Google sign-in, Google Calendar and Cal.com for bookings. */
    ...calendarEnvShape,
    /** Failed sign-ins allowed per 15 minutes for one account before each further try waits longer. */
    SIGNIN_MAX_ATTEMPTS: z.coerce.number().int().positive().default(10),
    /** The same allowance for one client address (it may guess across many accounts). */
    SIGNIN_MAX_ATTEMPTS_PER_ADDRESS: z.coerce.number().int().positive().default(30),
    /** Our reverse proxies (IPs or CIDR ranges, comma-separated) whose X-Forwarded-For is believed; none by default. */
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .superRefine((v, ctx) => {
        try {
          parseTrustedProxies(v);
        } catch (err) {
          ctx.addIssue({ code: "custom", message: (err as Error).message.replace(/^TRUSTED_PROXIES: /, "") });
        }
      }),
    /** Browser-facing LiveKit URL (wss://…) for test calls, when it differs from LIVEKIT_URL. */
    LIVEKIT_PUBLIC_URL: urlVar(["ws", "wss", "http", "https"]),
    // LiveKit, carriers, region pinning, TLS port and secure trunking (read by @articulate/telephony).
    ...telephonyEnvSchema.shape,
    ...s3EnvShape,
    ...modelProviderEnvShape,
  })
  .superRefine((e, ctx) => {
    if (e.NODE_ENV === "production" && !e.AUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: "is required in production (openssl rand -base64 32)",
      });
    }
  });

export const webFeatures = {
  livekit: {
    label: "LiveKit (phone calls, browser test calls)",
    vars: ["LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"],
  },
  stripe: { label: "Billing (Stripe)", vars: ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"] },
  telnyx: { label: "Telnyx numbers", vars: ["TELNYX_API_KEY", "TELNYX_PUBLIC_KEY"] },
  twilio: { label: "Twilio numbers", vars: ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"] },
  email: { label: "Email delivery (emails are printed to the console instead)", vars: ["SMTP_URL"] },
  sms: { label: "SMS notifications", vars: ["SMS_PROVIDER", "SMS_FROM"] },
  credentialEncryption: { label: "Storing carrier credentials and webhook secrets", vars: ["ENCRYPTION_KEY"] },
  recordings: recordingsFeature,
  modelProvider: modelProviderFeature,
  authSecret: { label: "Production session secret (using a development secret)", vars: ["AUTH_SECRET"] },
} as const;

export type WebFeature = keyof typeof webFeatures;
export type WebEnv = Omit<z.infer<typeof webEnvSchema>, "AUTH_SECRET"> & { AUTH_SECRET: string };

/** Parses an environment (process.env by default); throws EnvError naming each bad variable. */
export function parseWebEnv(source: Record<string, string | undefined> = process.env): {
  env: WebEnv;
  features: FeatureFlags<WebFeature>;
} {
  const parsed = parseEnv("web", webEnvSchema, webFeatures, source);
  return { env: { ...parsed.env, AUTH_SECRET: parsed.env.AUTH_SECRET ?? DEV_AUTH_SECRET }, features: parsed.features };
}

let cached: ReturnType<typeof parseWebEnv> | undefined;

function load() {
  if (!cached) {
    cached = parseWebEnv();
    reportDisabledFeatures("web", cached.features);
  }
  return cached;
}

/** The validated environment (parsed on first use; disabled features are logged once). */
export function env(): WebEnv {
  return load().env;
}

/** Which optional integrations are configured, with the message to show when not. */
export function featureFlags(): FeatureFlags<WebFeature> {
  return load().features;
}

/** Public base URL for links in e-mails and Stripe return URLs. */
export function appUrl(): string {
  return env().APP_URL.replace(/\/+$/, "");
}

/** LiveKit server settings, or null when not configured (test calls say so). */
export function livekitConfig(): { url: string; publicUrl: string; apiKey: string; apiSecret: string } | null {
  const e = env();
  if (!e.LIVEKIT_URL || !e.LIVEKIT_API_KEY || !e.LIVEKIT_API_SECRET) return null;
  return {
    url: e.LIVEKIT_URL,
    publicUrl: e.LIVEKIT_PUBLIC_URL ?? e.LIVEKIT_URL,
    apiKey: e.LIVEKIT_API_KEY,
    apiSecret: e.LIVEKIT_API_SECRET,
  };
}

/** Recording storage (S3-compatible), or null when recordings are not offered on this server. */
export function recordingStorage(): RecordingStorageConfig | null {
  return recordingStorageConfig(env());
}

/** The OpenAI-compatible model provider, or null when none is configured (the agent text chat says so). */
export function modelProvider(): ModelProviderConfig | null {
  return modelProviderConfig(env());
}
