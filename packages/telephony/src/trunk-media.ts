// Per-carrier media and transport settings of the LiveKit trunks we create:
// SRTP (media.encryption; the trunk-level mediaEncryption field is deprecated),
// TLS signalling on outbound trunks (inbound transport is the carrier's choice),
// and codecs: G.722 "HD voice" where the carrier offers it, G.711 elsewhere.
// Facts: shared/reference/telephony-depth.md §2–3.
import type { NumberProvider } from "@articulate/db";
import { SIPCodec, SIPMediaConfig, SIPMediaEncryption, SIPTransport } from "@livekit/protocol";
import type { TelephonyConfig } from "./config";

/** A codec as livekit-sip names it (RTP clock rate: G.722 is 16 kHz audio on an 8000 clock). */
interface Codec {
  name: string;
  rate: number;
}
const G722: Codec = { name: "G722", rate: 8000 };
const PCMU: Codec = { name: "PCMU", rate: 8000 };
const PCMA: Codec = { name: "PCMA", rate: 8000 };

export type VoiceQuality = "hd" | "narrowband";

export interface CarrierMediaProfile {
  /** Codecs we list on the trunk, in preference order. */
  codecs: Codec[];
  /** Restrict the offer to `codecs` (else they add to livekit-sip's defaults: G722 > PCMU > PCMA). */
  onlyListedCodecs: boolean;
  /** The best the carrier can deliver on this path. */
  quality: VoiceQuality;
}

/**
 * Telnyx offers G.722 (HD voice); Twilio's trunks carry PCMU/PCMA only, so we
 * do not offer G.722 there; a bring-your-own carrier gets livekit-sip's
 * defaults (G.722 first, G.711 fallback) and negotiates what it supports.
 */
export function carrierMediaProfile(provider: NumberProvider): CarrierMediaProfile {
  switch (provider) {
    case "TELNYX":
      return { codecs: [G722, PCMU, PCMA], onlyListedCodecs: false, quality: "hd" };
    case "TWILIO":
      return { codecs: [PCMU, PCMA], onlyListedCodecs: true, quality: "narrowband" };
    case "BYO":
    case "LIVEKIT":
      return { codecs: [], onlyListedCodecs: false, quality: "hd" };
  }
}

/**
 * Whether the path from this carrier to LiveKit can carry SRTP: Telnyx and
 * Twilio only when the operator switched secure trunking on for the platform's
 * connection/trunk; a bring-your-own carrier is the tenant's to configure.
 */
export function carrierSupportsSrtp(provider: NumberProvider, config: TelephonyConfig): boolean {
  switch (provider) {
    case "TELNYX":
      return config.telnyx?.secureTrunking === true;
    case "TWILIO":
      return config.twilio?.secureTrunking === true;
    case "BYO":
      return true;
    case "LIVEKIT":
      return false;
  }
}

/** Why secure media cannot be required for this provider (null when it can). */
export function secureMediaUnavailableReason(provider: NumberProvider, config: TelephonyConfig): string | null {
  if (carrierSupportsSrtp(provider, config)) return null;
  if (provider === "LIVEKIT")
    return "LiveKit-hosted numbers do not use a SIP trunk, so there is nothing to encrypt here.";
  const name = provider === "TELNYX" ? "Telnyx" : "Twilio";
  return `Encrypted calls need ${name} secure trunking (TLS and SRTP), which is not switched on for this installation.`;
}

function mediaConfig(profile: CarrierMediaProfile, encryption: SIPMediaEncryption): SIPMediaConfig {
  return new SIPMediaConfig({
    encryption,
    onlyListedCodecs: profile.onlyListedCodecs,
    codecs: profile.codecs.map((c) => new SIPCodec(c)),
  });
}

/**
 * Inbound trunk media: SRTP allowed by default (the carrier may offer it or
 * not), required only where the carrier supports it and the tenant opted in.
 */
export function inboundTrunkMedia(
  provider: NumberProvider,
  config: TelephonyConfig,
  requireSecureMedia: boolean,
): SIPMediaConfig {
  const required = requireSecureMedia && carrierSupportsSrtp(provider, config);
  return mediaConfig(
    carrierMediaProfile(provider),
    required ? SIPMediaEncryption.SIP_MEDIA_ENCRYPT_REQUIRE : SIPMediaEncryption.SIP_MEDIA_ENCRYPT_ALLOW,
  );
}

const TRANSPORT_BY_NAME: Record<string, SIPTransport> = {
  SIP_TRANSPORT_AUTO: SIPTransport.SIP_TRANSPORT_AUTO,
  SIP_TRANSPORT_UDP: SIPTransport.SIP_TRANSPORT_UDP,
  SIP_TRANSPORT_TCP: SIPTransport.SIP_TRANSPORT_TCP,
  SIP_TRANSPORT_TLS: SIPTransport.SIP_TRANSPORT_TLS,
};

export interface OutboundTrunkSecurity {
  transport: SIPTransport;
  media: SIPMediaConfig;
}

/**
 * Outbound trunks: TLS signalling and required SRTP towards a carrier whose
 * secure trunking is on (Twilio answers a plain-RTP INVITE on a secure trunk
 * with 488); a transport the tenant chose explicitly is kept; otherwise
 * livekit-sip's default transport with SRTP allowed.
 */
export function outboundTrunkSecurity(
  connection: { provider: NumberProvider; transport: string },
  config: TelephonyConfig,
): OutboundTrunkSecurity {
  const chosen = TRANSPORT_BY_NAME[connection.transport] ?? SIPTransport.SIP_TRANSPORT_AUTO;
  const secureCarrier = connection.provider !== "BYO" && carrierSupportsSrtp(connection.provider, config);
  const transport =
    secureCarrier && chosen === SIPTransport.SIP_TRANSPORT_AUTO ? SIPTransport.SIP_TRANSPORT_TLS : chosen;
  const encryption =
    secureCarrier && transport === SIPTransport.SIP_TRANSPORT_TLS
      ? SIPMediaEncryption.SIP_MEDIA_ENCRYPT_REQUIRE
      : SIPMediaEncryption.SIP_MEDIA_ENCRYPT_ALLOW;
  return { transport, media: mediaConfig(carrierMediaProfile(connection.provider), encryption) };
}

/** Equal media settings (trunks created before this code have none and are brought in line). */
export function sameMedia(a: SIPMediaConfig | undefined, b: SIPMediaConfig): boolean {
  return SIPMediaConfig.equals(a ?? new SIPMediaConfig(), b);
}
