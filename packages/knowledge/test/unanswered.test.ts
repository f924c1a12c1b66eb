// When the agent's own words make a knowledge gap: the phrases, the question
// taken from the caller's turn, and the per-turn rules (no second gap after a
// lookup's miss, none after a failed lookup, one per turn).
import { describe, expect, it } from "vitest";
import { CallGapWatch, questionOf, saysItCannotAnswer } from "../src/unanswered";

describe("saysItCannotAnswer", () => {
  it.each([
    "I'm not sure about that, sorry.",
    "I am not certain whether we do.",
    "Hmm, I don't know if we offer that.",
    "I do not have that information, but I can take a message.",
    "I'm afraid I don't have those details.",
    "I can't confirm that, I'm sorry.",
    "I'll pass the question on to the team.",
    "I don't have an answer for that one.",
  ])("admits not knowing: %s", (reply) => {
    expect(saysItCannotAnswer(reply)).toBe(true);
  });

  it.each([
    "We're open from nine to five, Monday to Friday.",
    "Thanks, I've passed your message on. Is there anything else?",
    "Sorry, I didn't catch that. Could you say it again?",
    "I'm not sure what you mean, could you say that again?",
    "Sorry, I'm not sure I caught your name.",
    "I'm sorry, I couldn't connect you just now. I can take a message and have someone call you back.",
    "Are you still there?",
  ])("answers or is about hearing, not knowledge: %s", (reply) => {
    expect(saysItCannotAnswer(reply)).toBe(false);
  });
});

describe("questionOf", () => {
  it("takes the last sentence that asks, else everything said", () => {
    expect(questionOf("Hi there. Thanks for that.  Do you do Invisalign? ")).toBe("Do you do Invisalign?");
    expect(questionOf("Do you open Sundays? And what about public holidays?")).toBe("And what about public holidays?");
    expect(questionOf("i was wondering about invisalign")).toBe("i was wondering about invisalign");
    expect(questionOf("x".repeat(900))).toHaveLength(500);
  });
});

describe("CallGapWatch", () => {
  it("records the caller's question when the agent says it is not sure, once per turn", () => {
    const w = new CallGapWatch();
    expect(w.agentSaid("Hello, you've reached Harbour Dental.")).toBeNull(); // the greeting: no question yet
    w.callerSaid("Hi.");
    w.callerSaid("Do you do Invisalign?"); // one turn heard in two pieces
    expect(w.agentSaid("I'm not sure, let me pass the question on.")).toBe("Do you do Invisalign?");
    expect(w.agentSaid("I don't know, sorry.")).toBeNull(); // same turn: already recorded
    w.callerSaid("What about whitening");
    expect(w.agentSaid("I'm afraid I don't know that either.")).toBe("What about whitening");
  });

  it("an answered turn, then a new question: only the new question is the gap", () => {
    const w = new CallGapWatch();
    w.callerSaid("What are your hours?");
    w.lookedUp("ANSWERED");
    expect(w.agentSaid("We're open nine to five.")).toBeNull();
    w.callerSaid("do you take HCF");
    expect(w.agentSaid("I don't have that information.")).toBe("do you take HCF");
  });

  it("after a lookup that found nothing (it records its own gap) or could not run, the agent's words add no gap", () => {
    for (const outcome of ["NO_MATCH", "TIMED_OUT", "FAILED"] as const) {
      const w = new CallGapWatch();
      w.callerSaid("Do you do Invisalign?");
      expect(w.agentSaid("")).toBeNull(); // the tool-calling generation's empty message
      w.lookedUp(outcome);
      expect(w.agentSaid("I'm not sure, but I can pass that question on.")).toBeNull();
    }
  });

  it("a lookup that answered, then the agent still not sure: a gap (the found passages did not answer it)", () => {
    const w = new CallGapWatch();
    w.callerSaid("Is the car park covered?");
    w.lookedUp("ANSWERED");
    expect(w.agentSaid("I'm not sure whether it's covered.")).toBe("Is the car park covered?");
  });
});
