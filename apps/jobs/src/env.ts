// The jobs process's environment, validated with zod (documented in .env.example).
import {
  analysisEnvShape,
  databaseUrlVar,
  encryptionKeyVar,
  type FeatureFlags,
  mailEnvShape,
  nodeEnvVar,
  parseEnv,
  recordingsFeature,
  reportDisabledFeatures,
  s3EnvShape,
  smsEnvShape,
  stripeEnvShape,
  urlVar,
} from "@articulate/config";
import { z } from "zod";

export const jobsEnvSchema = z
  .object({
    NODE_ENV: nodeEnvVar,
    DATABASE_URL: databaseUrlVar,
    /** Public base URL of the dashboard, for links in notifications. */
    APP_URL: urlVar(["http", "https"]).default("http://localhost:3000"),
    ...mailEnvShape,
    ...smsEnvShape,
    ...s3EnvShape,
    // Usage reporting to Stripe and post-call analysis run here too.
    ...stripeEnvShape,
    ...analysisEnvShape,
    /** Signs unsubscribe links (same value as the web app's, which verifies them); dev falls back to a fixed secret. */
    AUTH_SECRET: z.string().min(32, { message: "must be at least 32 characters (openssl rand -base64 32)" }).optional(),
    /** Decrypts businesses' own SMS credentials (the web app's value; it encrypts them). */
    ENCRYPTION_KEY: encryptionKeyVar,
    /** Seconds between a worker's polls for new jobs. */
    JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(1),
  })
  .superRefine((e, ctx) => {
    if (e.NODE_ENV === "production" && !e.AUTH_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["AUTH_SECRET"],
        message: "is required in production (the web app's value)",
      });
    }
  });

export const jobsFeatures = {
  email: { label: "Email delivery (emails are printed to the console instead)", vars: ["SMTP_URL"] },
  sms: { label: "SMS notifications", vars: ["SMS_PROVIDER", "SMS_FROM"] },
  recordings: recordingsFeature,
} as const;

export type JobsEnv = z.infer<typeof jobsEnvSchema>;

export function parseJobsEnv(source: Record<string, string | undefined> = process.env): {
  env: JobsEnv;
  features: FeatureFlags<keyof typeof jobsFeatures>;
} {
  const parsed = parseEnv("jobs", jobsEnvSchema, jobsFeatures, source);
  reportDisabledFeatures("jobs", parsed.features);
  return parsed;
}
