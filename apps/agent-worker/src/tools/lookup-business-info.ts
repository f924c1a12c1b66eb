// lookup_business_info (defined in @articulate/calls' receptionist): the receptionist looks up the business's own facts
// (FAQ, website, documents) instead of guessing. The search has a time budget;
// a slow or failed lookup answers the model with a graceful fallback, and the
// lookup (and any gap) is stored after the reply, off the speech path.
import { type CallLookupContext, DEFAULT_LOOKUP_TIMEOUT_MS, lookupForCall, lookupReply } from "@articulate/knowledge";
import type { Logger } from "../log";

export type BusinessInfoLookup = (question: string) => Promise<string>;

/** The lookup a call makes: search, reply text for the model, records written in the background. */
export function callKnowledgeLookup(
  ctx: Omit<CallLookupContext, "onRecordError">,
  log: Logger,
  opts: { timeoutMs?: number; track?: (written: Promise<void>) => void } = {},
): BusinessInfoLookup {
  // The call row may fail to write; that is handled by the call itself, never an unhandled rejection here.
  ctx.callId.catch(() => undefined);
  return async (question) => {
    const result = await lookupForCall(
      { ...ctx, onRecordError: (err) => log.warn("knowledge lookup not recorded", { err }) },
      question,
      { timeoutMs: opts.timeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS },
    );
    opts.track?.(result.recorded);
    if (result.outcome === "TIMED_OUT" || result.outcome === "FAILED") {
      log.warn("knowledge lookup fell back", { outcome: result.outcome, durationMs: result.durationMs });
    }
    return lookupReply(result);
  };
}
