// lookup_business_info in a text call (FakeLLM, real PostgreSQL): the answer
// comes from the tenant's FAQ, the lookup is stored on the call; a question
// the knowledge cannot answer becomes a gap, the owner answers it, and the
// next call's lookup returns that answer.
import { LOOKUP_INSTRUCTIONS } from "@articulate/calls";
import { forTenant } from "@articulate/db";
import {
  answerKnowledgeGap,
  createFaqEntry,
  listKnowledgeGaps,
  lookupReply,
  searchKnowledge,
} from "@articulate/knowledge";
import { describe, expect, it } from "vitest";
import { receptionistInstructions } from "../src/receptionist";
import { simulateCall } from "../src/simulate-call";
import { callerHangsUp, startTestCall } from "./call-harness";
import { createReceptionTenant, OPEN_TUESDAY } from "./fixtures";

async function lookupsOf(tenantId: string, callId: string) {
  // The lookup is recorded after the reply; wait for it rather than sleeping a fixed time.
  for (let i = 0; i < 100; i++) {
    const rows = await forTenant(tenantId).knowledgeLookup.findMany({
      where: { callId },
      orderBy: { createdAt: "asc" },
    });
    if (rows.length > 0) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
  return [];
}

describe("lookup_business_info", () => {
  it("answers from the FAQ and stores the lookup on the call", async () => {
    const f = await createReceptionTenant("kn-tool");
    await createFaqEntry(f.tenantId, f.agentId, {
      question: "Is there parking?",
      alternatives: ["Where can I park?"],
      answer: "Street parking on Darling Street, and the Wilson car park on Curtis Road.",
    });
    const expected = lookupReply(await searchKnowledge(f.tenantId, f.agentId, "Is there parking?"));
    expect(expected).toContain("Wilson car park");
    const { session, active, config, plan } = await startTestCall(f, {
      at: OPEN_TUESDAY,
      responses: [
        {
          input: "Is there parking near you?",
          toolCalls: [{ name: "lookup_business_info", args: { question: "Is there parking?" } }],
        },
        { input: JSON.stringify(expected), content: "Yes, there's street parking on Darling Street." },
      ],
    });
    if (plan.kind !== "converse") throw new Error("expected a conversation");
    expect(receptionistInstructions(config, plan)).toContain(LOOKUP_INSTRUCTIONS);
    const r = await session.run({ userInput: "Is there parking near you?" }).wait();
    r.expect.nextEvent().isFunctionCall({ name: "lookup_business_info", args: { question: "Is there parking?" } });
    r.expect.nextEvent().isFunctionCallOutput({ output: JSON.stringify(expected), isError: false });
    r.expect.nextEvent().isMessage({ role: "assistant" });
    r.expect.noMoreEvents();
    const lookups = await lookupsOf(f.tenantId, active.callId);
    expect(lookups).toMatchObject([{ question: "Is there parking?", outcome: "ANSWERED" }]);
    expect(JSON.stringify(lookups[0]?.results)).toContain("Wilson car park");
    callerHangsUp(session);
    await active.ended;
  });

  it("a gap recorded on one call, answered by the owner, is answered on the next call", async () => {
    const f = await createReceptionTenant("kn-gap");
    const question = "Do you offer Invisalign?";
    const noMatch = lookupReply({ outcome: "NO_MATCH", answers: [], durationMs: 0 });
    const first = await startTestCall(f, {
      at: OPEN_TUESDAY,
      responses: [
        { input: question, toolCalls: [{ name: "lookup_business_info", args: { question } }] },
        { input: JSON.stringify(noMatch), content: "I'm not sure, but I can pass that question on." },
      ],
    });
    const r1 = await first.session.run({ userInput: question }).wait();
    r1.expect.nextEvent().isFunctionCall({ name: "lookup_business_info" });
    r1.expect.nextEvent().isFunctionCallOutput({ output: JSON.stringify(noMatch), isError: false });
    expect(await lookupsOf(f.tenantId, first.active.callId)).toMatchObject([{ outcome: "NO_MATCH" }]);
    callerHangsUp(first.session);
    await first.active.ended;
    // One gap: the agent's "I'm not sure" after the lookup's miss adds no second one.
    const gaps = await listKnowledgeGaps(f.tenantId, f.agentId);
    expect(gaps).toHaveLength(1);
    const [gap] = gaps;
    expect(gap).toMatchObject({ question, callId: first.active.callId, status: "OPEN" });

    await answerKnowledgeGap(f.tenantId, gap?.id ?? "", { answer: "Yes, Dr Chen offers Invisalign clear aligners." });

    const answered = lookupReply(await searchKnowledge(f.tenantId, f.agentId, question));
    expect(answered).toContain("Dr Chen offers Invisalign");
    const second = await startTestCall(f, {
      at: OPEN_TUESDAY,
      responses: [
        { input: question, toolCalls: [{ name: "lookup_business_info", args: { question } }] },
        { input: JSON.stringify(answered), content: "Yes, Dr Chen offers Invisalign." },
      ],
    });
    const r2 = await second.session.run({ userInput: question }).wait();
    r2.expect.nextEvent().isFunctionCall({ name: "lookup_business_info" });
    r2.expect.nextEvent().isFunctionCallOutput({ output: JSON.stringify(answered), isError: false });
    r2.expect.nextEvent().isMessage({ role: "assistant" });
    expect(await lookupsOf(f.tenantId, second.active.callId)).toMatchObject([{ outcome: "ANSWERED" }]);
    callerHangsUp(second.session);
    await second.active.ended;
  });
});

describe("the agent says it could not answer", () => {
  it("a reply admitting it does not know (no lookup) records the caller's question as a gap with the call", async () => {
    const f = await createReceptionTenant("kn-unsure");
    const { session, active } = await startTestCall(f, {
      at: OPEN_TUESDAY,
      responses: [
        { input: "Thanks. Do you take HCF members?", content: "I'm not sure about that. I can take a message." },
        { input: "What time is it?", content: "It's just after ten." },
      ],
    });
    await session.run({ userInput: "Thanks. Do you take HCF members?" }).wait();
    await session.run({ userInput: "What time is it?" }).wait();
    callerHangsUp(session);
    await active.ended; // the call's end waits for its knowledge records
    expect(await listKnowledgeGaps(f.tenantId, f.agentId)).toMatchObject([
      { question: "Do you take HCF members?", callId: active.callId, status: "OPEN" },
    ]);
  });
});

describe("simulate-call knowledge script", () => {
  it("the scripted caller asks about parking and the agent answers from the FAQ", async () => {
    const f = await createReceptionTenant("kn-sim");
    await createFaqEntry(f.tenantId, f.agentId, {
      question: "Is there parking?",
      answer: "Two-hour street parking on Darling Street.",
    });
    const r = await simulateCall({ tenant: f.slug, script: "knowledge", at: OPEN_TUESDAY });
    expect(r.transcript.map((t) => t.text)).toContain("Two-hour street parking on Darling Street.");
    expect(await lookupsOf(f.tenantId, r.callId)).toMatchObject([
      { question: "Is there parking nearby?", outcome: "ANSWERED" },
    ]);
  });
});
