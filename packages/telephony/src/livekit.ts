// LiveKit access: the real livekit-server-sdk clients, a raw Twirp call for the
// services the SDK has no client for (PhoneNumberService, full dispatch rules),
// the metadata that marks objects as ours, and LiveKit errors → typed errors.
import { AccessToken, AgentDispatchClient, RoomServiceClient, ServerError, SipClient } from "livekit-server-sdk";
import type { LiveKitConfig } from "./config";
import { DispatchRuleConflictError, LiveKitError, NumberConflictError, type TelephonyError } from "./errors";

export interface LiveKitClients {
  sip: SipClient;
  rooms: RoomServiceClient;
  dispatch: AgentDispatchClient;
  config: LiveKitConfig;
}

export function liveKitClients(config: LiveKitConfig): LiveKitClients {
  return {
    sip: new SipClient(config.url, config.apiKey, config.apiSecret),
    rooms: new RoomServiceClient(config.url, config.apiKey, config.apiSecret),
    dispatch: new AgentDispatchClient(config.url, config.apiKey, config.apiSecret),
    config,
  };
}

/** POST a Twirp JSON request with a sip.admin token (services without an SDK client). */
export async function twirpSipAdmin(
  config: LiveKitConfig,
  service: string,
  method: string,
  body: unknown,
): Promise<unknown> {
  const at = new AccessToken(config.apiKey, config.apiSecret, { ttl: "10m" });
  at.addSIPGrant({ admin: true });
  const base = config.url.replace(/^ws/, "http").replace(/\/$/, "");
  let res: Response;
  try {
    res = await fetch(`${base}/twirp/livekit.${service}/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await at.toJwt()}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (e) {
    throw new LiveKitError(undefined, undefined, (e as Error).message);
  }
  const json: unknown = await res.json().catch(() => ({}));
  if (!res.ok) {
    const err = json as { code?: string; msg?: string; meta?: Record<string, string> };
    throw new ServerError(res.statusText, err.msg ?? `HTTP ${res.status}`, res.status, err.code, err.meta);
  }
  return json;
}

/** Written into every trunk and rule we create; reconcile only ever touches objects carrying it. */
export interface Ownership {
  articulate: 1;
  deployment: string;
  kind: "inbound-trunk" | "dispatch-rule" | "outbound-trunk";
  tenantId: string;
  phoneNumberId?: string;
  sipConnectionId?: string;
}

export function ownershipMetadata(o: Omit<Ownership, "articulate">): string {
  return JSON.stringify({ articulate: 1, ...o });
}

export function parseOwnership(metadata: string | undefined, deployment: string): Ownership | null {
  if (!metadata) return null;
  try {
    const v = JSON.parse(metadata) as Partial<Ownership>;
    if (
      v.articulate !== 1 ||
      v.deployment !== deployment ||
      typeof v.tenantId !== "string" ||
      typeof v.kind !== "string"
    ) {
      return null;
    }
    return v as Ownership;
  } catch {
    return null;
  }
}

export function isNotFound(e: unknown): boolean {
  return e instanceof ServerError && e.code === "not_found";
}

/** LiveKit failures → typed errors; `number` is the display form used in owner-facing messages. */
export function liveKitFailure(e: unknown, context: { number?: string } = {}): TelephonyError {
  if (e instanceof ServerError) {
    const number = context.number ?? "This number";
    if (e.code === "invalid_argument" && e.message.startsWith("Conflicting inbound SIP Trunks")) {
      return new NumberConflictError(number, e.message);
    }
    if (e.code === "invalid_argument" && e.message.startsWith("Dispatch rule for the same trunk")) {
      return new DispatchRuleConflictError(number, e.message);
    }
    return new LiveKitError(e.code, e.status, e.message);
  }
  if (e instanceof LiveKitError) return e;
  return new LiveKitError(undefined, undefined, (e as Error)?.message ?? String(e));
}
