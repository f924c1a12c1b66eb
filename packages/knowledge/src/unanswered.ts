// The second way a gap is found: the agent itself says it could not answer
// ("I'm not sure", "I don't know", "I'll pass the question on") without a
// lookup having already recorded the question. One watcher per call follows
// the turns: the caller's words, the lookups made for them, the agent's reply.
import type { LookupOutcome, LookupOutcomeObserver } from "./lookup";

// Replies that admit not knowing a fact. Deliberately about the agent's knowledge,
// not about hearing ("not sure what you mean", "didn't catch that" are excluded below).
const CANNOT_ANSWER = [
  /\bI(?:'m| am) (?:not (?:sure|certain)|afraid I (?:don't|do not) (?:know|have))\b/i,
  /\bI (?:don't|do not) (?:know|have (?:that|any) (?:information|details))\b/i,
  /\bI (?:can't|cannot|can not) (?:answer|confirm|say for sure)\b/i,
  /\bI (?:don't|do not) have an answer\b/i,
  /\bpass (?:the|that|your|this) question on\b/i,
];
const NOT_ABOUT_KNOWLEDGE = [
  /\b(?:not sure|don't know|do not know) (?:what|who) you\b/i,
  /\b(?:didn't|did not|couldn't|could not) (?:catch|hear|understand)\b/i,
  /\bnot sure (?:if |whether )?I (?:caught|heard|understood|got)\b/i,
];

/** True when the agent's reply admits it could not answer the caller's question. */
export function saysItCannotAnswer(reply: string): boolean {
  return CANNOT_ANSWER.some((p) => p.test(reply)) && !NOT_ABOUT_KNOWLEDGE.some((p) => p.test(reply));
}

/**
 * The caller's question in what they said: the last sentence that asks
 * something, else everything they said this turn.
 */
export function questionOf(callerWords: string): string {
  const text = callerWords.replace(/\s+/g, " ").trim();
  const sentences = text.match(/[^.?!]+[.?!]*/g)?.map((s) => s.trim()) ?? [];
  const asked = sentences.filter((s) => s.endsWith("?"));
  return (asked.at(-1) ?? text).slice(0, 500);
}

/**
 * Per call: decides when the agent's words make a gap. A caller turn resets
 * it; a lookup that found nothing (it records its own gap) or could not run
 * (a failure, not missing knowledge) means the agent's "I'm not sure" adds
 * nothing; one gap per caller turn at most.
 */
export class CallGapWatch implements LookupOutcomeObserver {
  private callerWords = "";
  private replied = false;
  private lookupDecided = false;
  private recorded = false;

  callerSaid(text: string): void {
    const t = text.trim();
    if (!t) return;
    if (this.replied) {
      // A new turn after the agent's reply.
      this.callerWords = t;
      this.replied = this.lookupDecided = this.recorded = false;
    } else {
      // One turn heard in pieces adds up.
      this.callerWords = this.callerWords ? `${this.callerWords} ${t}` : t;
    }
  }

  lookedUp(outcome: LookupOutcome): void {
    if (outcome !== "ANSWERED") this.lookupDecided = true;
  }

  /** The question to record as a gap when this reply admits not knowing; null otherwise. */
  agentSaid(text: string): string | null {
    if (!text.trim()) return null;
    this.replied = true;
    if (!this.callerWords || this.recorded || this.lookupDecided || !saysItCannotAnswer(text)) return null;
    this.recorded = true;
    return questionOf(this.callerWords);
  }
}
