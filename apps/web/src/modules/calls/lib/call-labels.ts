// How a call reads in lists and on its page: time answered, and why it was (or
// was not) billed — the usage ledger's own rule (@articulate/billing), with the
// platform's short-call threshold from @articulate/config.
import { describeCallBilling } from "@articulate/billing";
import { billingRules } from "@articulate/config";
import type { UnbilledReason } from "@articulate/db";

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
