// Bring your own number (VoIPline, Crazytel, any SIP trunk without an API): the
// tenant enters the number and configures their carrier with what we return.
import { UnsupportedByProviderError } from "../errors";
import type { NumberProviderClient } from "./types";

export const byoProvider: NumberProviderClient = {
  provider: "BYO",
  displayName: "Your own carrier",
  async searchNumbers() {
    throw new UnsupportedByProviderError("BYO", "Numbers from your own carrier are entered, not searched.");
  },
  async purchaseNumber() {
    throw new UnsupportedByProviderError("BYO", "Numbers from your own carrier are bought from that carrier.");
  },
  async releaseNumber() {
    // The number stays with the tenant's carrier; only our routing is removed.
  },
  async pointAtLiveKit() {
    // The tenant points their carrier at LiveKit using byoCarrierSetup().
  },
  verifyWebhook() {
    return false;
  },
  regulatoryRequirements: () => [],
};

export interface SipSignallingOption {
  transport: "udp" | "tcp" | "tls";
  /** What to enter as the destination, e.g. "sip:abc.aus.sip.livekit.cloud:5061;transport=tls". */
  uri: string;
  host: string;
  port: number;
}

export interface ByoCarrierSetup {
  /** The recommended SIP destination (TCP; TLS when offered is listed in `options`). */
  sipUri: string;
  sipEndpoint: string;
  transport: "tcp";
  /** Every way the carrier can reach us: UDP/TCP on 5060, TLS on 5061 where this installation offers it. */
  options: SipSignallingOption[];
  /** LiveKit Cloud region the endpoint is pinned to (e.g. "aus"); undefined = nearest region or self-hosted. */
  region?: string;
  /** SRTP on this number: "required" (the tenant opted in: carrier must use TLS + SRTP) or "allowed". */
  secureMedia: "required" | "allowed";
  number: string;
  /** Digest credentials LiveKit will challenge the carrier for (when used). */
  username?: string;
  password?: string;
  /** Carrier signalling addresses LiveKit accepts (when used). */
  allowedAddresses: string[];
  /** Carrier-side settings to match ours (codecs, DTMF mode, encryption). */
  carrierSettings: string[];
}
