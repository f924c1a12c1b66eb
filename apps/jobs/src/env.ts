// The jobs process's environment, validated with zod (documented in .env.example).
import {
  databaseUrlVar,
  type FeatureFlags,
  mailEnvShape,
  nodeEnvVar,
  parseEnv,
  reportDisabledFeatures,
  urlVar,
} from "@articulate/config";
import { z } from "zod";

export const jobsEnvSchema = z.object({
  NODE_ENV: nodeEnvVar,
  DATABASE_URL: databaseUrlVar,
  /** Public base URL of the dashboard, for links in notifications. */
  APP_URL: urlVar(["http", "https"]).default("http://localhost:3000"),
  ...mailEnvShape,
  /** Seconds between a worker's polls for new jobs. */
  JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(60).default(1),
});

export const jobsFeatures = {
  email: { label: "Email delivery (emails are printed to the console instead)", vars: ["SMTP_URL"] },
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
