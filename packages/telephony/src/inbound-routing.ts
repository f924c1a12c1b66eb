// The LiveKit objects that route one number's calls to our agent: an inbound
// trunk for the number and a dispatch rule scoped to it. Every ensure* function
// is idempotent: it verifies the stored id, else adopts an object carrying our
// metadata for this number, else creates one. That is what makes provisioning
// resumable after a crash between "created at LiveKit" and "saved in the DB".
import type { PhoneNumberModel as PhoneNumber } from "@articulate/db";
import { decryptSecret } from "@articulate/db";
import {
  RoomAgentDispatch,
  RoomConfiguration,
  SIPDispatchRule,
  SIPDispatchRuleIndividual,
  SIPDispatchRuleInfo,
  type SIPInboundTrunkInfo,
} from "livekit-server-sdk";
import type { TelephonyConfig } from "./config";
import { InvalidStateError } from "./errors";
import { encodeJobMetadata } from "./job-metadata";
import { type LiveKitClients, liveKitFailure, ownershipMetadata, parseOwnership, twirpSipAdmin } from "./livekit";
import { formatPhoneNumber } from "./phone-numbers";
import { inboundTrunkMedia, sameMedia } from "./trunk-media";

/** Individual room per call: livekit names them `call_<caller>_<random>`. */
export const ROOM_PREFIX = "call";

/** The dispatch rule's job metadata for this number (the versioned contract in job-metadata.ts). */
export function inboundJobMetadata(row: Pick<PhoneNumber, "tenantId" | "agentId" | "id">): string {
  return encodeJobMetadata({ kind: "inbound", tenantId: row.tenantId, agentId: row.agentId, phoneNumberId: row.id });
}

type Row = Pick<
  PhoneNumber,
  | "id"
  | "tenantId"
  | "e164"
  | "provider"
  | "agentId"
  | "livekitInboundTrunkId"
  | "livekitDispatchRuleId"
  | "sipAuthUsername"
  | "sipAuthPasswordEnc"
  | "allowedAddresses"
  | "requireSecureMedia"
>;

export async function findInboundTrunk(
  lk: LiveKitClients,
  config: TelephonyConfig,
  row: Row,
): Promise<SIPInboundTrunkInfo | null> {
  if (row.livekitInboundTrunkId) {
    const [t] = await lk.sip.listSipInboundTrunk({ trunkIds: [row.livekitInboundTrunkId] });
    if (t?.sipTrunkId === row.livekitInboundTrunkId) return t;
  }
  const candidates = await lk.sip.listSipInboundTrunk({ numbers: [row.e164] });
  return candidates.find((t) => parseOwnership(t?.metadata, config.deployment)?.phoneNumberId === row.id) ?? null;
}

/**
 * The number's inbound trunk with its carrier's media settings (SRTP policy and
 * codecs); a trunk whose media drifted (or predates them) is replaced in place.
 */
export async function ensureInboundTrunk(lk: LiveKitClients, config: TelephonyConfig, row: Row): Promise<string> {
  const display = formatPhoneNumber(row.e164);
  const media = inboundTrunkMedia(row.provider, config, row.requireSecureMedia);
  try {
    const existing = await findInboundTrunk(lk, config, row);
    if (existing) {
      if (!sameMedia(existing.media, media)) {
        // The Update RPC's field diff cannot set `media`: replace the whole trunk (same id).
        const next = existing.clone();
        next.media = media;
        next.mediaEncryption = media.encryption ?? next.mediaEncryption;
        await lk.sip.updateSipInboundTrunk(existing.sipTrunkId, next);
      }
      return existing.sipTrunkId;
    }
    const trunk = await lk.sip.createSipInboundTrunk(`articulate ${display}`, [row.e164], {
      metadata: ownershipMetadata({
        deployment: config.deployment,
        kind: "inbound-trunk",
        tenantId: row.tenantId,
        phoneNumberId: row.id,
      }),
      krispEnabled: config.krisp,
      media,
      ...(row.sipAuthUsername && row.sipAuthPasswordEnc
        ? { authUsername: row.sipAuthUsername, authPassword: decryptSecret(row.sipAuthPasswordEnc) }
        : {}),
      ...(row.allowedAddresses.length ? { allowedAddresses: row.allowedAddresses } : {}),
    });
    return trunk.sipTrunkId;
  } catch (e) {
    throw liveKitFailure(e, { number: display });
  }
}

function desiredRule(config: TelephonyConfig, row: Row, trunkId: string | null): SIPDispatchRuleInfo {
  return new SIPDispatchRuleInfo({
    name: `articulate ${formatPhoneNumber(row.e164)}`,
    metadata: ownershipMetadata({
      deployment: config.deployment,
      kind: "dispatch-rule",
      tenantId: row.tenantId,
      phoneNumberId: row.id,
    }),
    rule: new SIPDispatchRule({
      rule: { case: "dispatchRuleIndividual", value: new SIPDispatchRuleIndividual({ roomPrefix: ROOM_PREFIX }) },
    }),
    // Numbers hosted by LiveKit have no trunk: scope the rule by the called number instead.
    trunkIds: trunkId ? [trunkId] : [],
    numbers: trunkId ? [] : [row.e164],
    roomConfig: new RoomConfiguration({
      agents: [new RoomAgentDispatch({ agentName: config.agentName, metadata: inboundJobMetadata(row) })],
    }),
    krispEnabled: config.krisp,
  });
}

function ruleIsCurrent(actual: SIPDispatchRuleInfo, desired: SIPDispatchRuleInfo): boolean {
  const agents = actual.roomConfig?.agents ?? [];
  return (
    actual.metadata === desired.metadata &&
    actual.trunkIds.join(",") === desired.trunkIds.join(",") &&
    actual.numbers.join(",") === desired.numbers.join(",") &&
    actual.rule?.rule.case === "dispatchRuleIndividual" &&
    actual.rule.rule.value.roomPrefix === ROOM_PREFIX &&
    agents.length === 1 &&
    agents[0]?.agentName === desired.roomConfig?.agents[0]?.agentName &&
    agents[0]?.metadata === desired.roomConfig?.agents[0]?.metadata
  );
}

/** A rule with neither trunk ids nor called numbers: it answers calls meant for any number on the project. */
export function isCatchAllRule(r: Pick<SIPDispatchRuleInfo, "trunkIds" | "numbers">): boolean {
  return r.trunkIds.length === 0 && r.numbers.length === 0;
}

export async function findDispatchRule(
  lk: LiveKitClients,
  config: TelephonyConfig,
  row: Row,
): Promise<SIPDispatchRuleInfo | null> {
  if (row.livekitDispatchRuleId) {
    const [r] = await lk.sip.listSipDispatchRule({ dispatchRuleIds: [row.livekitDispatchRuleId] });
    if (r?.sipDispatchRuleId === row.livekitDispatchRuleId) return r;
  }
  const all = await lk.sip.listSipDispatchRule();
  return all.find((r) => parseOwnership(r?.metadata, config.deployment)?.phoneNumberId === row.id) ?? null;
}

/**
 * The rule exists, is scoped to `trunkId` (or the number, for LiveKit numbers)
 * and carries the current agent; a stale rule is replaced in place (same id).
 */
export async function ensureDispatchRule(
  lk: LiveKitClients,
  config: TelephonyConfig,
  row: Row,
  trunkId: string | null,
): Promise<{ ruleId: string; action: "kept" | "updated" | "created" }> {
  const display = formatPhoneNumber(row.e164);
  // A rule without trunk ids matches calls that reached LiveKit through any trunk (or none):
  // only LiveKit-hosted numbers, which have no trunk, may go without, scoped by their number.
  if (!trunkId && row.provider !== "LIVEKIT") {
    throw new InvalidStateError(
      `${display} has no inbound trunk at LiveKit, so its dispatch rule cannot be scoped to it. Run reconcile to repair the number.`,
    );
  }
  const desired = desiredRule(config, row, trunkId);
  try {
    const existing = await findDispatchRule(lk, config, row);
    if (existing) {
      if (ruleIsCurrent(existing, desired)) return { ruleId: existing.sipDispatchRuleId, action: "kept" };
      desired.sipDispatchRuleId = existing.sipDispatchRuleId;
      await lk.sip.updateSipDispatchRule(existing.sipDispatchRuleId, desired);
      return { ruleId: existing.sipDispatchRuleId, action: "updated" };
    }
    if (trunkId) {
      const created = await lk.sip.createSipDispatchRule(
        { type: "individual", roomPrefix: ROOM_PREFIX },
        {
          name: desired.name,
          metadata: desired.metadata,
          trunkIds: desired.trunkIds,
          roomConfig: desired.roomConfig,
        },
      );
      return { ruleId: created.sipDispatchRuleId, action: "created" };
    }
    // The SDK cannot set `numbers`; the server prefers a full dispatch_rule body.
    const json = await twirpSipAdmin(lk.config, "SIP", "CreateSIPDispatchRule", { dispatch_rule: desired.toJson() });
    const created = SIPDispatchRuleInfo.fromJson(json as Parameters<typeof SIPDispatchRuleInfo.fromJson>[0], {
      ignoreUnknownFields: true,
    });
    return { ruleId: created.sipDispatchRuleId, action: "created" };
  } catch (e) {
    throw liveKitFailure(e, { number: display });
  }
}
