// How a call reads in lists and on its page: time answered, and why it was (or
// was not) billed — the usage ledger's own rule (@articulate/billing), with the
// platform's short-call threshold from @articulate/config.
import { describeCallBilling } from "@articulate/billing";
import { billingRules } from "@articulate/config";
import type { AudioBandwidth, NumberProvider, UnbilledReason } from "@articulate/db";
import { carrierMediaProfile } from "@articulate/telephony";

/** Seconds from answer to hang-up (0 when never answered), rounded up like the ledger. */
export function answeredSeconds(call: { answeredAt: Date | null; endedAt: Date | null }): number | null {
  if (!call.answeredAt) return 0;
  if (!call.endedAt) return null;
  return Math.max(0, Math.ceil((call.endedAt.getTime() - call.answeredAt.getTime()) / 1000));
}

export function callBillingLabel(call: {
  endedAt: Date | null;
  billableSeconds: number;
  billableMinutes: number;
  unbilledReason: UnbilledReason | null;
  isTest: boolean;
}): string {
  return describeCallBilling(call, billingRules());
}

/**
 * The call's sound quality as an owner reads it: what the worker measured in the caller's voice (LiveKit does not
 * report the codec a SIP call negotiated), and what this number's line offers (the trunk's codec list,
 * @articulate/telephony's carrier profile).
 */
export function soundQualityLabel(call: {
  audioBandwidth: AudioBandwidth | null;
  isTest: boolean;
  provider: NumberProvider | null;
}): { quality: string; note: string } {
  const quality =
    call.audioBandwidth === "WIDEBAND"
      ? "HD voice (wideband)"
      : call.audioBandwidth === "NARROWBAND"
        ? "Standard phone quality (narrowband)"
        : "Not measured";
  const measured =
    call.audioBandwidth === null
      ? "Measured from the caller's first seconds of speech; this call had too little, or predates the measurement."
      : "Measured from the caller's voice: the phone network does not tell us which codec was used.";
  if (call.isTest || call.provider === null) return { quality, note: measured };
  const profile = carrierMediaProfile(call.provider);
  const offer =
    profile.quality === "narrowband"
      ? "This number's line offers G.711 only, so calls are standard phone quality."
      : "This number's line offers G.722 (HD voice) first, then G.711; the caller's network decides.";
  return { quality, note: `${measured} ${offer}` };
}
