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

export interface ByoCarrierSetup {
  /** What to enter as the SIP destination at the carrier. */
  sipUri: string;
  sipEndpoint: string;
  transport: "tcp";
  number: string;
  /** Digest credentials LiveKit will challenge the carrier for (when used). */
  username?: string;
  password?: string;
  /** Carrier signalling addresses LiveKit accepts (when used). */
  allowedAddresses: string[];
}
