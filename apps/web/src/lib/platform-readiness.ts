// What this installation can do right now, in owner terms. Pages use it to
// disable what cannot succeed (and say so plainly); actions use it to refuse
// before writing anything. The operator-facing detail (which variables) is only
// on /admin/setup.
import { featureFlags } from "@/env";

export interface PlatformReadiness {
  /** Numbers can be connected to an agent (needs the calling service). */
  canConnectNumbers: boolean;
  /** Numbers can be bought from a carrier (calling service + a carrier account). */
  canBuyNumbers: boolean;
  /** Voice test calls in the browser. */
  canVoiceTestCall: boolean;
  /** Plans can be paid online. */
  canTakePayments: boolean;
}

export function platformReadiness(): PlatformReadiness {
  const f = featureFlags();
  const calls = f.livekit.enabled;
  return {
    canConnectNumbers: calls,
    canBuyNumbers: calls && (f.telnyx.enabled || f.twilio.enabled),
    canVoiceTestCall: calls,
    canTakePayments: f.stripe.enabled,
  };
}

export const NUMBERS_UNAVAILABLE =
  "Connecting phone numbers isn't available on this installation yet: its calling service is not connected. Nothing was created.";
