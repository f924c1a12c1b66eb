// lookup_business_info for a call: search the agent's knowledge within a time
// budget, keep only hits that actually answer (enough of the question's terms),
// and record the lookup on the call plus a gap when nothing answered. The
// records are written after the answer is returned, so the database write
// never delays the agent's reply.
import { forTenant, type KnowledgeHit, searchAgentKnowledge } from "@articulate/db";
import { recordKnowledgeGap } from "./gaps";

export type LookupOutcome = "ANSWERED" | "NO_MATCH" | "TIMED_OUT" | "FAILED";

export interface LookupAnswer {
  kind: "faq" | "passage";
  id: string;
  title: string;
  text: string;
  url: string | null;
  score: number;
}

export interface LookupResult {
  outcome: LookupOutcome;
  answers: LookupAnswer[];
  durationMs: number;
}

export const DEFAULT_LOOKUP_TIMEOUT_MS = 1500;

/** A hit answers when it holds at least half of the question's searchable terms. */
export function answersQuestion(hit: Pick<KnowledgeHit, "matchedTerms" | "totalTerms">): boolean {
  return hit.totalTerms > 0 && hit.matchedTerms * 2 >= hit.totalTerms;
}

class LookupTimeout extends Error {}

/** Searches without recording anything (the dashboard's "try it" box uses this too). */
export async function searchKnowledge(
  tenantId: string,
  agentId: string,
  question: string,
  opts: { timeoutMs?: number; limit?: number } = {},
): Promise<LookupResult> {
  const started = performance.now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  try {
    const hits = await Promise.race([
      searchAgentKnowledge(tenantId, agentId, question.slice(0, 500), { limit: opts.limit ?? 3 }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new LookupTimeout()), timeoutMs);
      }),
    ]);
    const answers = hits
      .filter(answersQuestion)
      .map(({ kind, id, title, text, url, score }) => ({ kind, id, title, text, url, score }));
    return {
      outcome: answers.length ? "ANSWERED" : "NO_MATCH",
      answers,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (err) {
    const outcome = err instanceof LookupTimeout ? "TIMED_OUT" : "FAILED";
    return { outcome, answers: [], durationMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

/** Told each lookup's outcome (the call's CallGapWatch, in unanswered.ts, implements it). */
export interface LookupOutcomeObserver {
  lookedUp(outcome: LookupOutcome): void;
}

export interface CallLookupContext {
  tenantId: string;
  agentId: string;
  /** The call's id once its row exists (the first lookup may race the row write). */
  callId: Promise<string>;
  onRecordError?: (err: unknown) => void;
  /** The call's gap watcher: told each outcome, so the agent's "I'm not sure" after a miss is not a second gap. */
  gapWatch?: LookupOutcomeObserver;
}

/**
 * The lookup a call makes. Returns as soon as the search does (or times out);
 * `recorded` settles once the lookup (and any gap) is stored.
 */
export async function lookupForCall(
  ctx: CallLookupContext,
  question: string,
  opts: { timeoutMs?: number } = {},
): Promise<LookupResult & { recorded: Promise<void> }> {
  const result = await searchKnowledge(ctx.tenantId, ctx.agentId, question, opts);
  ctx.gapWatch?.lookedUp(result.outcome);
  const recorded = (async () => {
    const callId = await ctx.callId;
    await forTenant(ctx.tenantId).knowledgeLookup.create({
      data: {
        tenantId: ctx.tenantId,
        callId,
        question: question.slice(0, 500),
        outcome: result.outcome,
        results: result.answers.map((a) => ({ ...a })),
        durationMs: result.durationMs,
      },
    });
    if (result.outcome === "NO_MATCH") {
      await recordKnowledgeGap({ tenantId: ctx.tenantId, agentId: ctx.agentId, callId, question });
    }
  })().catch((err) => ctx.onRecordError?.(err));
  return { ...result, recorded };
}

/** What the agent is told, by outcome. */
export function lookupReply(result: LookupResult): string {
  if (result.outcome === "ANSWERED") {
    const lines = result.answers.map((a, n) =>
      a.kind === "faq" ? `${n + 1}. FAQ "${a.title}": ${a.text}` : `${n + 1}. From ${a.url ?? a.title}: ${a.text}`,
    );
    return ["Business information found. Answer only from this, briefly and in your own words:", ...lines].join("\n");
  }
  if (result.outcome === "NO_MATCH") {
    return "Nothing in the business's information answers this. Do not guess: tell the caller you will pass the question on, and offer to take a message.";
  }
  return "The business's information could not be checked just now. Do not guess: tell the caller you will pass the question on, and offer to take a message.";
}

export interface CallLookupView {
  id: string;
  question: string;
  outcome: LookupOutcome;
  results: LookupAnswer[];
  durationMs: number;
  createdAt: Date;
}

/** The lookups of a call in order, for its page. */
export async function listCallLookups(tenantId: string, callId: string): Promise<CallLookupView[]> {
  const rows = await forTenant(tenantId).knowledgeLookup.findMany({
    where: { callId },
    orderBy: { createdAt: "asc" },
    select: { id: true, question: true, outcome: true, results: true, durationMs: true, createdAt: true },
  });
  // `results` is written only by lookupForCall, as LookupAnswer[].
  return rows.map((r) => ({ ...r, results: Array.isArray(r.results) ? (r.results as unknown as LookupAnswer[]) : [] }));
}
