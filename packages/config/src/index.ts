// @articulate/config: environment parsing shared by the apps. Each app owns its
// zod schema (apps/*/src/env.ts); this package supplies the rules they share:
// blank values count as unset, a malformed value fails naming the variable, and
// optional credential groups ("features") are reported once at start as
// "<feature> disabled: set X" instead of crashing.
import { BlockList, isIP } from "node:net";
import { z } from "zod";
import { agentNameVar } from "./shared-settings";

export interface FeatureSpec {
  /** Human name, e.g. "LiveKit (calls and test calls)". */
  label: string;
  /** Variables that must all be set for the feature to be on. */
  vars: readonly string[];
}

export interface FeatureState {
  label: string;
  enabled: boolean;
  /** Variables still to set (empty when enabled). */
  missing: string[];
  /** "<label> disabled: set A, B" when disabled, else null. */
  message: string | null;
}

export type FeatureFlags<K extends string> = Record<K, FeatureState>;

export class EnvError extends Error {
  constructor(
    readonly app: string,
    readonly issues: { variable: string; message: string }[],
  ) {
    super(`Invalid environment for ${app}:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Environment values as the schema sees them: only its keys, blanks as unset. */
function pick(
  shape: Record<string, unknown>,
  source: Record<string, string | undefined>,
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const key of Object.keys(shape)) {
    const v = source[key]?.trim();
    out[key] = v === undefined || v === "" ? undefined : v;
  }
  return out;
}

export interface ParsedEnv<T, K extends string> {
  env: T;
  features: FeatureFlags<K>;
}

export function parseEnv<S extends z.ZodObject, K extends string>(
  app: string,
  schema: S,
  features: Record<K, FeatureSpec>,
  source: Record<string, string | undefined>,
): ParsedEnv<z.infer<S>, K> {
  const values = pick(schema.shape, source);
  const result = schema.safeParse(values);
  if (!result.success) {
    throw new EnvError(
      app,
      result.error.issues.map((i) => ({
        variable: i.path.length > 0 ? i.path.map(String).join(".") : "(environment)",
        message: i.message,
      })),
    );
  }
  const flags = {} as FeatureFlags<K>;
  for (const key of Object.keys(features) as K[]) {
    const spec = features[key];
    const missing = spec.vars.filter((v) => values[v] === undefined);
    flags[key] = {
      label: spec.label,
      enabled: missing.length === 0,
      missing,
      message: missing.length === 0 ? null : `${spec.label} disabled: set ${missing.join(", ")}`,
    };
  }
  return { env: result.data, features: flags };
}

const reported = new Set<string>();

/** Logs each disabled feature once per process and app (parsing may run more than once). */
export function reportDisabledFeatures<K extends string>(
  app: string,
  flags: FeatureFlags<K>,
  log: (line: string) => void = (line) => console.warn(line),
): void {
  if (reported.has(app)) return;
  reported.add(app);
  for (const state of Object.values<FeatureState>(flags)) {
    if (state.message) log(`[${app}] ${state.message}`);
  }
}

// ─── field types the apps share ───

/** A URL with one of the given schemes; the message names what is expected. */
export function urlVar(schemes: readonly string[]) {
  return z
    .string()
    .refine(
      (v) => {
        try {
          return schemes.includes(new URL(v).protocol.replace(/:$/, ""));
        } catch {
          return false;
        }
      },
      { message: `must be a URL starting with ${schemes.map((s) => `${s}://`).join(" or ")}` },
    )
    .optional();
}

/** A string that must start with a known prefix (e.g. Stripe's sk_/whsec_). */
export function prefixedVar(prefixes: readonly string[], what: string) {
  return z
    .string()
    .refine((v) => prefixes.some((p) => v.startsWith(p)), {
      message: `must be ${what} (starts with ${prefixes.join(" or ")})`,
    })
    .optional();
}

/** 32-byte key for encrypting credentials at rest: 64 hex chars or base64 of 32 bytes. */
export const encryptionKeyVar = z
  .string()
  .refine(
    (v) => /^[0-9a-fA-F]{64}$/.test(v) || (/^[A-Za-z0-9+/_-]{43}=?$/.test(v) && Buffer.from(v, "base64").length === 32),
    {
      message: "must be 32 random bytes as 64 hex characters or base64 (openssl rand -base64 32)",
    },
  )
  .optional();

export const nodeEnvVar = z.enum(["development", "test", "production"]).default("development");

export const databaseUrlVar = z
  .string({ message: "is required (pnpm dev starts an embedded PostgreSQL and sets it)" })
  .refine((v) => /^postgres(ql)?:\/\//.test(v), { message: "must be a postgresql:// URL" });

/** "true"/"false" (also 1/0, yes/no); anything else fails naming the variable. */
export const booleanVar = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes")
  .optional();

/**
 * LiveKit Cloud's SIP regions (region-pinned inbound endpoint `<project>.<region>.sip.livekit.cloud`).
 * `aus` keeps Australian tenants' SIP signalling and media in Australia.
 */
export const SIP_REGIONS = ["aus", "us", "eu", "india", "sa", "japan", "uk", "canada"] as const;
export type SipRegion = (typeof SIP_REGIONS)[number];

export const sipRegionVar = z.enum(SIP_REGIONS, { message: `must be one of ${SIP_REGIONS.join(", ")}` }).optional();

/** LiveKit server credentials (web, worker and the telephony package read the same three). */
export const livekitEnvShape = {
  LIVEKIT_URL: urlVar(["ws", "wss", "http", "https"]),
  LIVEKIT_API_KEY: z.string().optional(),
  LIVEKIT_API_SECRET: z.string().optional(),
};

/** The platform's carrier accounts: numbers and trunks (@articulate/telephony) and member SMS (smsEnvShape). */
export const carrierAccountShape = {
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, { message: "must be a Twilio Account SID (AC followed by 32 hex characters)" })
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_API_BASE: urlVar(["http", "https"]),
  TELNYX_API_KEY: z.string().optional(),
  TELNYX_API_BASE: urlVar(["http", "https"]),
};

/** Parses the telephony variables @articulate/telephony reads, so a bad value fails naming the variable. */
export const telephonyEnvSchema = z.object({
  ...livekitEnvShape,
  ...carrierAccountShape,
  /** host[:port] carriers send calls to (self-hosted livekit-sip, or <project>.sip.livekit.cloud). */
  LIVEKIT_SIP_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, { message: "must be host or host:port, without sip:" })
    .optional(),
  /** Older name of LIVEKIT_SIP_HOST, still read. */
  LIVEKIT_SIP_ENDPOINT: z.string().optional(),
  LIVEKIT_SIP_REGION: sipRegionVar,
  /** TCP port of livekit-sip's TLS listener (self-hosted; LiveKit Cloud uses 5061). Unset: no TLS offered. */
  LIVEKIT_SIP_TLS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /** Krisp noise cancellation on the SIP leg; unset = on for LiveKit Cloud URLs, off elsewhere. */
  LIVEKIT_KRISP: booleanVar,
  TELNYX_CONNECTION_ID: z.string().optional(),
  TELNYX_REQUIREMENT_GROUP_ID: z.string().optional(),
  /** Base64 Ed25519 public key for Telnyx webhook verification. */
  TELNYX_PUBLIC_KEY: z.string().optional(),
  /** TLS + SRTP switched on for the Telnyx FQDN connection that points at LiveKit. */
  TELNYX_SECURE_TRUNKING: booleanVar,
  TWILIO_TRUNKING_BASE: urlVar(["http", "https"]),
  TWILIO_TRUNK_SID: z.string().optional(),
  /** "Secure" switched on for the Twilio Elastic SIP trunk (TLS signalling + SRTP media). */
  TWILIO_SECURE_TRUNKING: booleanVar,
  /** Marks the LiveKit objects this deployment owns (two deployments may share a LiveKit project). */
  ARTICULATE_DEPLOYMENT: z.string().default("default"),
  LIVEKIT_AGENT_NAME: agentNameVar,
});
export type TelephonyEnv = z.infer<typeof telephonyEnvSchema>;

// ─── #15 recordings: S3-compatible storage ───

const truthy = new Set(["1", "true", "yes", "on"]);
const falsy = new Set(["0", "false", "no", "off"]);

/** A flag with a default: "true"/"false" (also 1/0, yes/no, on/off); the message names what is accepted. */
export function flagVar(defaultValue: boolean) {
  return z
    .string()
    .refine((v) => truthy.has(v.toLowerCase()) || falsy.has(v.toLowerCase()), { message: "must be true or false" })
    .transform((v) => truthy.has(v.toLowerCase()))
    .optional()
    .transform((v) => v ?? defaultValue);
}

/**
 * The S3 variables both apps read (web presigns and deletes, the worker hands
 * them to LiveKit Egress). S3_ENDPOINT is what servers use (the compose-internal
 * address for egress); S3_PUBLIC_ENDPOINT is what browsers reach for presigned
 * playback, because a presigned URL signs its host.
 */
export const s3EnvShape = {
  S3_ENDPOINT: urlVar(["http", "https"]),
  S3_PUBLIC_ENDPOINT: urlVar(["http", "https"]),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
      message: "must be an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)",
    })
    .optional(),
  S3_REGION: z
    .string()
    .regex(/^[a-z0-9-]{2,32}$/, { message: "must be a region name such as ap-southeast-2" })
    .optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Path-style URLs (http://host/bucket/key), which self-hosted S3 servers need. */
  S3_FORCE_PATH_STYLE: flagVar(true),
};

/** Recordings are offered only when storage is configured (S3_ENDPOINT unset = AWS S3). */
export const recordingsFeature: FeatureSpec = {
  label: "Call recordings",
  vars: ["S3_BUCKET", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"],
};

export interface RecordingStorageConfig {
  /** Undefined = AWS S3 for the region. */
  endpoint: string | undefined;
  /** Browser-reachable endpoint for presigned URLs (defaults to endpoint). */
  publicEndpoint: string | undefined;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: boolean;
}

type S3Env = z.infer<z.ZodObject<typeof s3EnvShape>>;

/** Storage settings from a parsed environment, or null when recordings are disabled. */
export function recordingStorageConfig(e: S3Env): RecordingStorageConfig | null {
  if (!e.S3_BUCKET || !e.S3_REGION || !e.S3_ACCESS_KEY_ID || !e.S3_SECRET_ACCESS_KEY) return null;
  return {
    endpoint: e.S3_ENDPOINT,
    publicEndpoint: e.S3_PUBLIC_ENDPOINT ?? e.S3_ENDPOINT,
    bucket: e.S3_BUCKET,
    region: e.S3_REGION,
    accessKeyId: e.S3_ACCESS_KEY_ID,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
  };
}

// ─── groups of variables more than one app reads ───

/** Outgoing e-mail (web and the jobs process). */
export const mailEnvShape = {
  /** smtp:// or smtps:// URL; unset → e-mails are printed to the log (`pnpm dev` starts a mail catcher). */
  SMTP_URL: urlVar(["smtp", "smtps"]),
  EMAIL_FROM: z.string().default("Articulate <no-reply@articulate.local>"),
};

/** Whether a web process also runs the background jobs (default on; `off` leaves them to the jobs process). */
export const backgroundJobsVar = z.enum(["on", "off"]).default("on");

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export const logLevelVar = z.enum(LOG_LEVELS).default("info");

/**
 * LOG_LEVEL alone, for loggers made before (or without) the whole environment
 * being parsed; a bad value falls back to "info" here and fails in the app's env().
 */
export function logLevelFromEnv(source: Record<string, string | undefined> = process.env): z.infer<typeof logLevelVar> {
  const parsed = logLevelVar.safeParse(source.LOG_LEVEL?.trim() || undefined);
  return parsed.success ? parsed.data : "info";
}

// ─── platform billing rules (#13) ───

export const billingRulesSchema = z.object({
  /** Answered calls shorter than this many seconds are not billed (0 bills every answered call). */
  BILLING_SHORT_CALL_SECONDS: z.coerce
    .number({ message: "must be a whole number of seconds" })
    .int({ message: "must be a whole number of seconds" })
    .min(0, { message: "must be 0 or more" })
    .max(600, { message: "must be at most 600" })
    .default(10),
});

export interface BillingRules {
  /** Answered calls under this many seconds are not billed. */
  shortCallSeconds: number;
}

/**
 * The platform's billing rules, read where a call is finalized (worker and web).
 * Malformed values fail naming the variable, like the apps' own schemas.
 */
export function billingRules(source: Record<string, string | undefined> = process.env): BillingRules {
  const { env } = parseEnv("billing", billingRulesSchema, {}, source);
  return { shortCallSeconds: env.BILLING_SHORT_CALL_SECONDS };
}
export { sharedSettings, sharedSettingsShape } from "./shared-settings";

/** Texts to members (notifications): the platform's Twilio or Telnyx messaging account. */
export const smsEnvShape = {
  /** twilio | telnyx; unset → SMS notifications are off (settings say so). */
  SMS_PROVIDER: z.enum(["twilio", "telnyx"]).optional(),
  /** Sender: an E.164 number on the account, an approved alphanumeric sender ID (≤ 11 chars), or a Twilio MG… service. */
  SMS_FROM: z.string().max(34).optional(),
  ...carrierAccountShape,
  TELNYX_MESSAGING_PROFILE_ID: z.string().optional(),
};

/** Development-only session/link-signing secret, used when AUTH_SECRET is unset outside production. */
export const DEV_AUTH_SECRET = "articulate-dev-only-auth-secret-not-for-production";

// ─── Model provider (OpenAI-compatible chat completions) ─────────────────────
// Read by web (the "Talk to your agent" text chat) and the jobs process (post-call
// analysis). OPENAI_BASE_URL points it at any OpenAI-compatible endpoint (a local
// fake in tests, a proxy, another vendor).
export const modelProviderEnvShape = {
  OPENAI_API_KEY: z.string().trim().min(1).optional(),
  OPENAI_BASE_URL: urlVar(["http", "https"]),
};

export const modelProviderFeature: FeatureSpec = {
  label: "Language model (text chat with an agent in the dashboard, call summaries)",
  vars: ["OPENAI_API_KEY"],
};

export interface ModelProviderConfig {
  apiKey: string;
  /** Without a trailing slash, e.g. https://api.openai.com/v1. */
  baseUrl: string;
}

type ModelProviderEnv = z.infer<z.ZodObject<typeof modelProviderEnvShape>>;

/** The provider's settings from a parsed environment, or null when no model is configured. */
export function modelProviderConfig(e: ModelProviderEnv): ModelProviderConfig | null {
  if (!e.OPENAI_API_KEY) return null;
  return {
    apiKey: e.OPENAI_API_KEY,
    baseUrl: (e.OPENAI_BASE_URL ?? "https://api.openai.com/v1").replace(/\/+$/, ""),
  };
}

// ─── settings the packages read (one parse each; packages never read process.env) ───

type EnvSource = Record<string, string | undefined>;

/** The telephony variables, parsed (@articulate/telephony builds its config from these). */
export function telephonyEnv(source: EnvSource = process.env): TelephonyEnv {
  return parseEnv("telephony", telephonyEnvSchema, {}, source).env;
}

const livekitEnvSchema = z.object(livekitEnvShape);

/** The LiveKit credentials alone (verifying LiveKit's webhooks needs no carrier settings). */
export function livekitEnv(source: EnvSource = process.env): z.infer<typeof livekitEnvSchema> {
  return parseEnv("livekit", livekitEnvSchema, {}, source).env;
}

/** Stripe (billing): keys, and STRIPE_API_BASE pointing stripe-node at another host (the local fake). */
export const stripeEnvShape = {
  STRIPE_SECRET_KEY: prefixedVar(["sk_", "rk_"], "a Stripe secret or restricted key"),
  STRIPE_WEBHOOK_SECRET: prefixedVar(["whsec_"], "a Stripe webhook signing secret"),
  STRIPE_API_BASE: urlVar(["http", "https"]),
};
const stripeEnvSchema = z.object(stripeEnvShape);
export type StripeEnv = z.infer<typeof stripeEnvSchema>;

export function stripeEnv(source: EnvSource = process.env): StripeEnv {
  return parseEnv("billing", stripeEnvSchema, {}, source).env;
}

/**
 * Booking's calendar providers (@articulate/booking): the Google OAuth client the
 * operator registered (falls back to the AUTH_GOOGLE_* sign-in client) and Cal.com's API origin.
 */
export const calendarEnvShape = {
  /** OAuth sign-in: each provider is offered only when both of its variables are set. */
  AUTH_GOOGLE_ID: z.string().optional(),
  AUTH_GOOGLE_SECRET: z.string().optional(),
  /** Google Calendar for bookings (falls back to the AUTH_GOOGLE_* client); offered only when both are set. */
  GOOGLE_CALENDAR_CLIENT_ID: z.string().optional(),
  GOOGLE_CALENDAR_CLIENT_SECRET: z.string().optional(),
  /** Tests only: one origin standing in for Google's OAuth and Calendar hosts (the local fake). */
  GOOGLE_API_BASE_URL: urlVar(["http", "https"]),
  /** Cal.com's API origin: https://api.cal.com unless self-hosted (tests: the local fake). */
  CALCOM_API_BASE_URL: urlVar(["http", "https"]),
};
const calendarEnvSchema = z.object(calendarEnvShape);
export type CalendarEnv = z.infer<typeof calendarEnvSchema>;

export function calendarEnv(source: EnvSource = process.env): CalendarEnv {
  return parseEnv("booking", calendarEnvSchema, {}, source).env;
}

/** Post-call analysis: an OpenAI-compatible chat completions endpoint (OPENAI_BASE_URL: e.g. a local fake). */
export const analysisEnvShape = {
  ...modelProviderEnvShape,
  ANALYSIS_MODEL: z.string().default("gpt-4.1-mini"),
  ANALYSIS_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
};
const analysisEnvSchema = z.object(analysisEnvShape);
export type AnalysisEnv = z.infer<typeof analysisEnvSchema>;

export function analysisEnv(source: EnvSource = process.env): AnalysisEnv {
  return parseEnv("analysis", analysisEnvSchema, {}, source).env;
}

/**
 * The key for secrets at rest (@articulate/db): ENCRYPTION_KEY, else ARTICULATE_SECRETS_KEY or
 * AUTH_SECRET (any string, hashed), else a development-only key that production refuses.
 */
const secretsKeyEnvSchema = z.object({
  NODE_ENV: nodeEnvVar,
  ENCRYPTION_KEY: encryptionKeyVar,
  ARTICULATE_SECRETS_KEY: z.string().optional(),
  AUTH_SECRET: z.string().optional(),
});
export type SecretsKeyEnv = z.infer<typeof secretsKeyEnvSchema>;

export function secretsKeyEnv(source: EnvSource = process.env): SecretsKeyEnv {
  return parseEnv("secrets", secretsKeyEnvSchema, {}, source).env;
}

let lastDatabaseUrl: { raw: string | undefined; url: string } | undefined;

/**
 * DATABASE_URL (@articulate/db), checked like the apps' schemas. Read on every
 * call, not once: test setups point a process at a fresh database by changing
 * it; the last value's check is remembered, so the client's hot path pays no parse.
 */
export function databaseUrl(source: EnvSource = process.env): string {
  const raw = source.DATABASE_URL;
  if (lastDatabaseUrl && lastDatabaseUrl.raw === raw) return lastDatabaseUrl.url;
  const url = parseEnv("database", z.object({ DATABASE_URL: databaseUrlVar }), {}, source).env.DATABASE_URL;
  lastDatabaseUrl = { raw, url };
  return url;
}

// ─── web: our reverse proxies ───

/** Parses "10.0.0.0/8, 192.168.1.7, ::1" into a BlockList; throws naming a bad entry. */
export function parseTrustedProxies(value: string | undefined): BlockList {
  const list = new BlockList();
  for (const raw of (value ?? "").split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const [addr, bits] = entry.split("/");
    const family = addr ? isIP(addr) : 0;
    if (!addr || family === 0) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`);
    const type = family === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(addr, type);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32))
        throw new Error(`TRUSTED_PROXIES: "${entry}" has an invalid prefix length`);
      list.addSubnet(addr, prefix, type);
    }
  }
  return list;
}
