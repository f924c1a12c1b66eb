// Where telephony credentials come from: explicit arguments first, else the
// environment. Missing pieces throw TelephonyNotConfiguredError when used,
// so a dashboard without credentials still renders and says what is missing.
import { type SipRegion, telephonyEnv } from "@articulate/config";
import { TelephonyNotConfiguredError } from "./errors";

export interface LiveKitConfig {
  url: string;
  apiKey: string;
  apiSecret: string;
  /** host[:port] carriers send SIP to, e.g. "abc123.sip.livekit.cloud" or "127.0.0.1:5060" (BYO setup). */
  sipEndpoint?: string;
  /** Port of the SIP TLS listener; LiveKit Cloud uses 5061, self-hosted only when configured. */
  sipTlsPort?: number;
}

export interface TelnyxConfig {
  apiKey: string;
  /** Origin of the API; paths start with /v2. */
  apiBase: string;
  /** FQDN connection pointing at LiveKit (numbers are attached to it). */
  connectionId?: string;
  /** Requirement group used for AU orders when the tenant gave none. */
  requirementGroupId?: string;
  /** Base64 Ed25519 public key for webhook verification. */
  publicKey?: string;
  /** TLS + SRTP switched on for the connection (off by default at Telnyx). */
  secureTrunking?: boolean;
}

export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  apiBase: string;
  trunkingBase: string;
  /** Elastic SIP trunk whose origination URL is LiveKit. */
  trunkSid?: string;
  /** The trunk's "Secure" setting (TLS signalling + SRTP media) is on. */
  secureTrunking?: boolean;
}

export interface TelephonyConfig {
  livekit?: LiveKitConfig;
  telnyx?: TelnyxConfig;
  twilio?: TwilioConfig;
  /** Marks LiveKit objects we own, so two deployments sharing a project never touch each other's. */
  deployment: string;
  /** Krisp noise cancellation on the SIP leg (LiveKit Cloud only; a no-op on self-hosted livekit-sip). */
  krisp: boolean;
  /** The worker's agent name (explicit dispatch). */
  agentName: string;
  /** LiveKit Cloud SIP region pinned for inbound calls (e.g. "aus"); unset = nearest region. */
  sipRegion?: SipRegion;
}

export interface TelephonyDeps {
  config?: Partial<TelephonyConfig>;
}

/** Telephony settings from the environment (parsed by @articulate/config; a malformed value fails naming it). */
export function telephonyConfigFromEnv(source?: Record<string, string | undefined>): TelephonyConfig {
  const env = telephonyEnv(source);
  const livekit =
    env.LIVEKIT_URL || env.LIVEKIT_API_KEY || env.LIVEKIT_API_SECRET
      ? {
          url: env.LIVEKIT_URL ?? "",
          apiKey: env.LIVEKIT_API_KEY ?? "",
          apiSecret: env.LIVEKIT_API_SECRET ?? "",
          sipEndpoint: env.LIVEKIT_SIP_HOST ?? env.LIVEKIT_SIP_ENDPOINT,
          sipTlsPort: env.LIVEKIT_SIP_TLS_PORT,
        }
      : undefined;
  const telnyx = env.TELNYX_API_KEY
    ? {
        apiKey: env.TELNYX_API_KEY,
        apiBase: env.TELNYX_API_BASE ?? "https://api.telnyx.com",
        connectionId: env.TELNYX_CONNECTION_ID,
        requirementGroupId: env.TELNYX_REQUIREMENT_GROUP_ID,
        publicKey: env.TELNYX_PUBLIC_KEY,
        secureTrunking: env.TELNYX_SECURE_TRUNKING ?? false,
      }
    : undefined;
  const twilio =
    env.TWILIO_ACCOUNT_SID || env.TWILIO_AUTH_TOKEN
      ? {
          accountSid: env.TWILIO_ACCOUNT_SID ?? "",
          authToken: env.TWILIO_AUTH_TOKEN ?? "",
          apiBase: env.TWILIO_API_BASE ?? "https://api.twilio.com",
          trunkingBase: env.TWILIO_TRUNKING_BASE ?? env.TWILIO_API_BASE ?? "https://trunking.twilio.com",
          trunkSid: env.TWILIO_TRUNK_SID,
          secureTrunking: env.TWILIO_SECURE_TRUNKING ?? false,
        }
      : undefined;
  return {
    livekit,
    telnyx,
    twilio,
    deployment: env.ARTICULATE_DEPLOYMENT,
    // Krisp on the SIP leg exists only on LiveKit Cloud (self-hosted livekit-sip has no media processor):
    // on by default there, off elsewhere; LIVEKIT_KRISP=true|false overrides.
    krisp: env.LIVEKIT_KRISP ?? isLiveKitCloudUrl(env.LIVEKIT_URL),
    agentName: env.LIVEKIT_AGENT_NAME,
    sipRegion: env.LIVEKIT_SIP_REGION,
  };
}

export function isLiveKitCloudUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return new URL(url.replace(/^ws/, "http")).hostname.endsWith(".livekit.cloud");
  } catch {
    return false;
  }
}

export function resolveConfig(deps: TelephonyDeps = {}): TelephonyConfig {
  return { ...telephonyConfigFromEnv(), ...deps.config };
}

export function requireLiveKit(config: TelephonyConfig): LiveKitConfig {
  const lk = config.livekit;
  const missing = [
    !lk?.url && "LIVEKIT_URL",
    !lk?.apiKey && "LIVEKIT_API_KEY",
    !lk?.apiSecret && "LIVEKIT_API_SECRET",
  ].filter((x): x is string => typeof x === "string");
  if (!lk || missing.length) throw new TelephonyNotConfiguredError("LiveKit", missing);
  return lk;
}

export function requireTelnyx(config: TelephonyConfig): TelnyxConfig {
  if (!config.telnyx?.apiKey) throw new TelephonyNotConfiguredError("Telnyx", ["TELNYX_API_KEY"]);
  return config.telnyx;
}

export function requireTwilio(config: TelephonyConfig): TwilioConfig {
  const t = config.twilio;
  const missing = [!t?.accountSid && "TWILIO_ACCOUNT_SID", !t?.authToken && "TWILIO_AUTH_TOKEN"].filter(
    (x): x is string => typeof x === "string",
  );
  if (!t || missing.length) throw new TelephonyNotConfiguredError("Twilio", missing);
  return t;
}

/** Which integrations are usable, for UIs that show what is set up. */
export function telephonyStatus(deps: TelephonyDeps = {}): { livekit: boolean; telnyx: boolean; twilio: boolean } {
  const config = resolveConfig(deps);
  const ok = (f: () => unknown) => {
    try {
      f();
      return true;
    } catch {
      return false;
    }
  };
  return {
    livekit: ok(() => requireLiveKit(config)),
    telnyx: ok(() => requireTelnyx(config)),
    twilio: ok(() => requireTwilio(config)),
  };
}
