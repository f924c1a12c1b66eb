// Knowledge on real-audio calls (the harness of audio-calls.test.ts, see
// docs/voice-testing.md): the caller asks a question the business's FAQ
// answers, the agent looks it up and the caller hears that answer; then a
// call whose questions the knowledge cannot answer leaves gaps for the owner,
// one from the lookup's miss and one from the agent saying it is not sure.
// The stand-in model reads the lookup's output as a real one would: it speaks
// the first answer it was given, or says it will pass the question on.
import { forTenant } from "@articulate/db";
import { createFaqEntry, listKnowledgeGaps } from "@articulate/knowledge";
import { beforeAll, describe, expect, it } from "vitest";
import { ms, prepareCallerSpeech, startAudioCall } from "./audio/audio-call";
import { AGENT_VOICE, speechToolsAvailable, synthesize } from "./audio/phone-audio";
import { type AfterTool, type LlmRule, NO_DELAYS } from "./audio/stand-ins";
import { createReceptionTenant, OPEN_TUESDAY } from "./fixtures";

const PARKING_ANSWER = "Free two hour parking behind the building, with the entry on Curtis Road.";
const PASS_IT_ON = "I'm not sure about that, so I'll pass the question on. Would you like to leave a message?";
const UNSURE_FUND = "Hmm, I don't know which health funds we take. I can have the team call you back.";

const ASK_PARKING = "Hi, is there parking near you?";
const ASK_INVISALIGN = "Do you offer Invisalign?";
const ASK_FUND = "And do you take my health fund?";
const CALLER_LINES = [ASK_PARKING, ASK_INVISALIGN, ASK_FUND];

const lookup = (text: string) => ({ question: text.replace(/^hi,?\s*/i, "") });
const RULES: readonly LlmRule[] = [
  { when: /park|invisalign/i, tool: { name: "lookup_business_info", args: lookup } },
  { when: /health fund/i, reply: UNSURE_FUND },
];

/** What the tool returned (JSON of lookupReply's text) → the first answer in it, or "I'll pass it on". */
function replyFromLookup(toolOutput: string): string {
  const text = JSON.parse(toolOutput) as string;
  const first = /^1\. (?:FAQ "[^"]*"|From \S+): (.+)$/m.exec(text)?.[1];
  return first ?? PASS_IT_ON;
}
const AFTER_TOOL: AfterTool = { lookup_business_info: replyFromLookup };

/** True when `clip` (the answer's synthesized speech) is in the agent's channel, sample for sample. */
function played(channel: Int16Array, from: number, to: number, clip: Int16Array): boolean {
  // 100 ms of voiced speech from the middle of the clip (never a pause, which would match any silence).
  let at = Math.floor(clip.length / 2);
  const loud = (from: number) => clip.subarray(from, from + 2_400).some((v) => Math.abs(v) > 2_000);
  while (at + 2_400 <= clip.length && !loud(at)) at += 240;
  const probe = clip.subarray(at, at + 2_400);
  if (probe.length < 2_400) throw new Error("the clip has no voiced 100 ms after its middle");
  outer: for (let i = from; i + probe.length <= to; i++) {
    for (let j = 0; j < probe.length; j++) if (channel[i + j] !== probe[j]) continue outer;
    return true;
  }
  return false;
}

async function lookupsOf(tenantId: string, callId: string) {
  return forTenant(tenantId).knowledgeLookup.findMany({ where: { callId }, orderBy: { createdAt: "asc" } });
}

beforeAll(async () => {
  if (!(await speechToolsAvailable()))
    throw new Error("the audio harness needs espeak-ng and sox (apt-get install -y espeak-ng sox)");
  await prepareCallerSpeech(CALLER_LINES);
}, 180_000);

describe("audio calls: the business's knowledge", () => {
  it("the caller asks about parking and hears the answer from the FAQ; the lookup is stored on the call", async () => {
    const fixture = await createReceptionTenant("audio-knowledge");
    const faq = await createFaqEntry(fixture.tenantId, fixture.agentId, {
      question: "Is there parking?",
      alternatives: ["Where can I park?"],
      answer: PARKING_ANSWER,
    });
    const call = await startAudioCall({
      fixture,
      at: OPEN_TUESDAY,
      rules: RULES,
      afterTool: AFTER_TOOL,
      delays: NO_DELAYS,
      name: "knowledge-parking",
    });
    await call.line.agentFinished();
    const asked = await call.say(ASK_PARKING);
    await call.line.agentFinished();
    call.hangUp();
    expect((await call.finish()).reason).toBe("CALLER_HUNG_UP");

    // Heard: the answer's speech played on the line after the question, whole.
    const reply = call.line.agentAudioAfter(asked.lastVoiced);
    expect(reply).not.toBeNull();
    expect(reply!.interrupted).toBe(false);
    const answerSpeech = await synthesize(PARKING_ANSWER, AGENT_VOICE);
    expect(ms(reply!.end - reply!.start)).toBeGreaterThan(ms(answerSpeech.length) - 500);
    const right = call.line.recording().right;
    expect(played(right, reply!.start, reply!.end, answerSpeech)).toBe(true);
    // The check tells answers apart: a sentence the agent did not say is not found.
    expect(played(right, 0, right.length, await synthesize(PASS_IT_ON, AGENT_VOICE))).toBe(false);
    expect(call.tts.texts).toContain(PARKING_ANSWER);
    expect(call.llm.requests).toContain("tool:lookup_business_info");

    const lookups = await lookupsOf(fixture.tenantId, call.active.callId);
    expect(lookups).toMatchObject([{ question: "is there parking near you?", outcome: "ANSWERED" }]);
    expect(lookups[0]?.results).toMatchObject([{ kind: "faq", id: faq.id }]);
    expect(await listKnowledgeGaps(fixture.tenantId, fixture.agentId)).toEqual([]);
  }, 120_000);

  it("questions the knowledge cannot answer become gaps with the call: a lookup's miss, and the agent saying it doesn't know", async () => {
    const fixture = await createReceptionTenant("audio-knowledge-gap");
    await createFaqEntry(fixture.tenantId, fixture.agentId, { question: "Is there parking?", answer: PARKING_ANSWER });
    const call = await startAudioCall({
      fixture,
      at: OPEN_TUESDAY,
      rules: RULES,
      afterTool: AFTER_TOOL,
      delays: NO_DELAYS,
      name: "knowledge-gaps",
    });
    await call.line.agentFinished();
    const invisalign = await call.say(ASK_INVISALIGN);
    await call.line.agentFinished();
    const fund = await call.say(ASK_FUND);
    await call.line.agentFinished();
    call.hangUp();
    expect((await call.finish()).reason).toBe("CALLER_HUNG_UP");

    // The caller heard the agent pass the first question on, and admit it didn't know the second.
    const passOn = call.line.agentAudioAfter(invisalign.lastVoiced);
    expect(passOn).not.toBeNull();
    const passOnSentence = "I'm not sure about that, so I'll pass the question on.";
    expect(call.tts.texts).toContain(passOnSentence);
    const right = call.line.recording().right;
    expect(played(right, passOn!.start, passOn!.end, await synthesize(passOnSentence, AGENT_VOICE))).toBe(true);
    const unsure = call.line.agentAudioAfter(fund.lastVoiced);
    expect(unsure).not.toBeNull();
    const unsureSentence = "Hmm, I don't know which health funds we take.";
    expect(call.tts.texts).toContain(unsureSentence);
    expect(played(right, unsure!.start, unsure!.end, await synthesize(unsureSentence, AGENT_VOICE))).toBe(true);

    expect(await lookupsOf(fixture.tenantId, call.active.callId)).toMatchObject([
      { question: ASK_INVISALIGN, outcome: "NO_MATCH" },
    ]);
    // One gap per question (the agent's "I'm not sure" after the miss is not a second one), newest first.
    const gaps = await listKnowledgeGaps(fixture.tenantId, fixture.agentId);
    expect(gaps.map((g) => [g.question, g.callId, g.status])).toEqual([
      [ASK_FUND, call.active.callId, "OPEN"],
      [ASK_INVISALIGN, call.active.callId, "OPEN"],
    ]);
  }, 120_000);
});
