// FAQ rules, text documents, search ranking and scoping, call lookups and
// gaps (with their knowledge.gap webhook), on real PostgreSQL.
import { disconnectDb, forTenant, platformDb, searchAgentKnowledge } from "@articulate/db";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import {
  addTextDocument,
  answerKnowledgeGap,
  countOpenKnowledgeGaps,
  createFaqEntry,
  deleteFaqEntry,
  dismissKnowledgeGap,
  KnowledgeInputError,
  KnowledgeNotFoundError,
  listFaqEntries,
  listKnowledgeGaps,
  listKnowledgeSources,
  lookupForCall,
  lookupReply,
  reorderFaqEntries,
  searchKnowledge,
  updateFaqEntry,
} from "../src/index";
import { createTenantWithAgent } from "./fixtures";

afterAll(() => disconnectDb());

const fieldOf = (err: unknown) => (err instanceof KnowledgeInputError ? err.field : `not a field error: ${err}`);

describe("FAQ entries", () => {
  it("a duplicate question (case, spacing and punctuation aside) is a field error, also on update", async () => {
    const f = await createTenantWithAgent("faq-dup");
    const a = await createFaqEntry(f.tenantId, f.agentId, {
      question: "Is there parking?",
      answer: "Yes, on Darling St.",
    });
    const err = await createFaqEntry(f.tenantId, f.agentId, { question: "  is THERE parking ", answer: "x" }).catch(
      (e) => e,
    );
    expect(fieldOf(err)).toBe("question");
    expect((err as Error).message).toBe("An FAQ entry with this question already exists for this agent");
    const b = await createFaqEntry(f.tenantId, f.agentId, { question: "Do you bulk bill?", answer: "Children only." });
    expect(fieldOf(await updateFaqEntry(f.tenantId, b.id, { question: "Is there parking" }).catch((e) => e))).toBe(
      "question",
    );
    // Another agent of the same tenant may ask the same question.
    const other = await platformDb().agent.create({
      data: { tenantId: f.tenantId, name: "Second", greeting: "Hi", instructions: "" },
    });
    await createFaqEntry(f.tenantId, other.id, { question: "Is there parking?", answer: "No." });
    expect((await listFaqEntries(f.tenantId, f.agentId)).map((e) => e.id)).toEqual([a.id, b.id]);
  });

  it("names the field for bad input and writes nothing", async () => {
    const f = await createTenantWithAgent("faq-bad");
    const cases: [unknown, string][] = [
      [{ question: "", answer: "a" }, "question"],
      [{ question: "q", answer: "a".repeat(2001) }, "answer"],
      [{ question: "q\u0000", answer: "a" }, "question"],
      [{ question: "q", answer: "a", alternatives: ["ok", ""] }, "alternatives.1"],
      [{ question: "q", answer: "a", tenantId: "x" }, "body"],
      [{ question: "?!", answer: "a" }, "question"],
    ];
    for (const [input, field] of cases) {
      const err = await createFaqEntry(f.tenantId, f.agentId, input as never).catch((e) => e);
      expect(fieldOf(err), JSON.stringify(input)).toBe(field);
    }
    expect(await forTenant(f.tenantId).faqEntry.count()).toBe(0);
  });

  it("keeps HTML in answers as the literal text typed", async () => {
    const f = await createTenantWithAgent("faq-html");
    const answer = `<b>Free</b> parking <script>alert("x")</script> & more`;
    const e = await createFaqEntry(f.tenantId, f.agentId, { question: "Parking?", answer });
    expect(e.answer).toBe(answer);
    expect((await forTenant(f.tenantId).faqEntry.findFirstOrThrow({ where: { id: e.id } })).answer).toBe(answer);
  });

  it("reorders, disables (out of search) and deletes", async () => {
    const f = await createTenantWithAgent("faq-order");
    const a = await createFaqEntry(f.tenantId, f.agentId, { question: "Opening hours?", answer: "8 to 5:30." });
    const b = await createFaqEntry(f.tenantId, f.agentId, { question: "Parking?", answer: "Darling Street." });
    const c = await createFaqEntry(f.tenantId, f.agentId, { question: "Fees?", answer: "$245 check-up." });
    await reorderFaqEntries(f.tenantId, f.agentId, [c.id, a.id, b.id]);
    expect((await listFaqEntries(f.tenantId, f.agentId)).map((e) => e.question)).toEqual([
      "Fees?",
      "Opening hours?",
      "Parking?",
    ]);
    expect(fieldOf(await reorderFaqEntries(f.tenantId, f.agentId, [c.id, a.id]).catch((e) => e))).toBe("ids");
    expect((await searchKnowledge(f.tenantId, f.agentId, "parking")).outcome).toBe("ANSWERED");
    await updateFaqEntry(f.tenantId, b.id, { enabled: false });
    expect((await searchKnowledge(f.tenantId, f.agentId, "parking")).outcome).toBe("NO_MATCH");
    await deleteFaqEntry(f.tenantId, b.id);
    expect(await deleteFaqEntry(f.tenantId, b.id).catch((e) => e)).toBeInstanceOf(KnowledgeNotFoundError);
  });
});

describe("search", () => {
  it("stems, matches prefixes and phrases, ranks the answering entry first", async () => {
    const f = await createTenantWithAgent("search");
    await createFaqEntry(f.tenantId, f.agentId, {
      question: "Where do I park?",
      alternatives: ["Is there parking nearby?"],
      answer: "Street parking on Darling Street; Wilson car park on Curtis Road.",
    });
    await createFaqEntry(f.tenantId, f.agentId, {
      question: "What are your opening hours?",
      alternatives: ["What time do you close?", "When are you open?"],
      answer: "Monday to Friday, 8 am to 5:30 pm. Closed weekends and NSW public holidays.",
    });
    await addTextDocument(f.tenantId, f.agentId, {
      title: "Practice notes.md",
      text: "# Whitening\nTake-home whitening kits are fitted in two visits.\n\n# After hours\nFor after hours emergencies call the practice line and press 1.",
    });
    const top = async (q: string) => (await searchAgentKnowledge(f.tenantId, f.agentId, q))[0]?.title;
    expect(await top("parked")).toBe("Where do I park?"); // stemming
    expect(await top("whiten")).toBe("Whitening"); // prefix
    expect(await top('"after hours" emergency')).toBe("After hours"); // phrase
    expect(await top("what time do you close on Friday")).toBe("What are your opening hours?");
    expect(await searchAgentKnowledge(f.tenantId, f.agentId, "is it the")).toEqual([]); // only stop words
    // Operators typed by a caller are words, never tsquery syntax.
    expect(await searchAgentKnowledge(f.tenantId, f.agentId, "park & | ! ( :* <->")).toHaveLength(1);
    const sources = await listKnowledgeSources(f.tenantId, f.agentId);
    expect(sources).toMatchObject([{ kind: "TEXT", title: "Practice notes.md", status: "SUCCEEDED", passageCount: 2 }]);
  });

  it("never returns another tenant's knowledge", async () => {
    const a = await createTenantWithAgent("iso-a");
    const b = await createTenantWithAgent("iso-b");
    await createFaqEntry(b.tenantId, b.agentId, { question: "Secret parking?", answer: "B's secret." });
    expect(await searchAgentKnowledge(a.tenantId, b.agentId, "secret parking")).toEqual([]);
    expect(await searchAgentKnowledge(a.tenantId, a.agentId, "secret parking")).toEqual([]);
    expect(await listFaqEntries(a.tenantId, b.agentId).catch((e) => e)).toBeInstanceOf(KnowledgeNotFoundError);
    const bEntry = await forTenant(b.tenantId).faqEntry.findFirstOrThrow({ where: {} });
    expect(await updateFaqEntry(a.tenantId, bEntry.id, { answer: "hijack" }).catch((e) => e)).toBeInstanceOf(
      KnowledgeNotFoundError,
    );
    expect(await deleteFaqEntry(a.tenantId, bEntry.id).catch((e) => e)).toBeInstanceOf(KnowledgeNotFoundError);
    expect(await createFaqEntry(a.tenantId, b.agentId, { question: "x", answer: "y" }).catch((e) => e)).toBeInstanceOf(
      KnowledgeNotFoundError,
    );
  });
});

describe("lookups on a call and knowledge gaps", () => {
  async function callFor(f: { tenantId: string; agentId: string }) {
    return platformDb().call.create({
      data: {
        tenantId: f.tenantId,
        agentId: f.agentId,
        direction: "INBOUND",
        fromNumber: "+61412000000",
        toNumber: "+61255500000",
        roomName: `call-${Math.random().toString(36).slice(2)}`,
      },
    });
  }

  it("an unanswerable question becomes one gap (+ knowledge.gap webhook); answering it answers the next call", async () => {
    const f = await createTenantWithAgent("gap");
    await platformDb().webhookEndpoint.create({
      data: {
        tenantId: f.tenantId,
        url: "https://hooks.example.com/x",
        secretEnc: "unused-in-this-test",
        events: ["knowledge.gap"],
      },
    });
    await createFaqEntry(f.tenantId, f.agentId, { question: "Opening hours?", answer: "8 to 5:30 weekdays." });
    const call = await callFor(f);
    const ctx = { tenantId: f.tenantId, agentId: f.agentId, callId: Promise.resolve(call.id) };

    const miss = await lookupForCall(ctx, "Do you offer Invisalign?");
    expect(miss.outcome).toBe("NO_MATCH");
    expect(lookupReply(miss)).toMatch(/pass the question on/);
    await miss.recorded;
    await (await lookupForCall(ctx, "do you offer invisalign")).recorded; // same question: no second gap
    const gaps = await listKnowledgeGaps(f.tenantId, f.agentId);
    expect(gaps).toMatchObject([{ question: "Do you offer Invisalign?", callId: call.id, status: "OPEN" }]);
    expect(await countOpenKnowledgeGaps(f.tenantId)).toBe(1);
    const deliveries = await forTenant(f.tenantId).webhookDelivery.findMany({ where: { eventType: "knowledge.gap" } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.payload).toMatchObject({
      type: "knowledge.gap",
      data: { gap: { id: gaps[0]?.id, callId: call.id, question: "Do you offer Invisalign?" } },
    });
    const lookups = await forTenant(f.tenantId).knowledgeLookup.findMany({ where: { callId: call.id } });
    expect(lookups.map((l) => l.outcome)).toEqual(["NO_MATCH", "NO_MATCH"]);

    // The messages inbox lists the business's open gaps across agents; never another tenant's.
    const other = await createTenantWithAgent("gap-other");
    await (
      await lookupForCall(
        { tenantId: other.tenantId, agentId: other.agentId, callId: Promise.resolve((await callFor(other)).id) },
        "Do you offer Invisalign?",
      )
    ).recorded;
    expect((await listKnowledgeGaps(f.tenantId, null)).map((g) => g.id)).toEqual([gaps[0]?.id]);

    const gapId = gaps[0]?.id ?? "";
    // A refused answer (its question is already an FAQ entry) leaves the gap open, and no entry made.
    const refused = await answerKnowledgeGap(f.tenantId, gapId, { question: "Opening hours", answer: "x" }).catch(
      (e) => e,
    );
    expect(fieldOf(refused)).toBe("question");
    expect(await countOpenKnowledgeGaps(f.tenantId)).toBe(1);
    expect(await listFaqEntries(f.tenantId, f.agentId)).toHaveLength(1);
    // Two answers at once: one entry, the other is told the gap is gone.
    const both = await Promise.allSettled([
      answerKnowledgeGap(f.tenantId, gapId, { answer: "Yes, Dr Chen offers Invisalign clear aligners." }),
      answerKnowledgeGap(f.tenantId, gapId, {
        question: "Invisalign?",
        answer: "Yes, Dr Chen offers Invisalign clear aligners.",
      }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const lost = both.find((r) => r.status === "rejected");
    expect(lost?.status === "rejected" && lost.reason).toBeInstanceOf(KnowledgeNotFoundError);
    expect(await listFaqEntries(f.tenantId, f.agentId)).toHaveLength(2);
    const won = both.find((r) => r.status === "fulfilled");
    if (won?.status !== "fulfilled") throw new Error("one answer should have won");
    const { entry, gap } = won.value;
    expect(gap).toMatchObject({ status: "ANSWERED", faqEntryId: entry.id });
    expect(await countOpenKnowledgeGaps(f.tenantId)).toBe(0);

    const next = await callFor(f);
    const hit = await lookupForCall({ ...ctx, callId: Promise.resolve(next.id) }, "Can I get Invisalign there?");
    expect(hit.outcome).toBe("ANSWERED");
    expect(hit.answers[0]).toMatchObject({ kind: "faq", id: entry.id });
    expect(lookupReply(hit)).toContain("Dr Chen offers Invisalign");
    await hit.recorded;
    const stored = await forTenant(f.tenantId).knowledgeLookup.findFirstOrThrow({ where: { callId: next.id } });
    expect(stored).toMatchObject({ outcome: "ANSWERED", question: "Can I get Invisalign there?" });
    expect(stored.results).toMatchObject([{ kind: "faq", id: entry.id }]);
  });

  it("a slow lookup times out with a graceful reply and no gap; dismissing a gap closes it", async () => {
    const f = await createTenantWithAgent("gap-slow");
    const call = await callFor(f);
    // Another session holds the FAQ table exclusively: the search waits behind it.
    const locker = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await locker.connect();
    await locker.query(`BEGIN; LOCK TABLE "FaqEntry" IN ACCESS EXCLUSIVE MODE`);
    let r: Awaited<ReturnType<typeof lookupForCall>>;
    try {
      r = await lookupForCall(
        { tenantId: f.tenantId, agentId: f.agentId, callId: Promise.resolve(call.id) },
        "parking",
        { timeoutMs: 300 },
      );
    } finally {
      await locker.query("ROLLBACK");
      await locker.end();
    }
    expect(r.outcome).toBe("TIMED_OUT");
    expect(r.durationMs).toBeGreaterThanOrEqual(290);
    expect(lookupReply(r)).toMatch(/could not be checked/);
    await r.recorded;
    expect(await countOpenKnowledgeGaps(f.tenantId)).toBe(0);

    const { recorded } = await lookupForCall(
      { tenantId: f.tenantId, agentId: f.agentId, callId: Promise.resolve(call.id) },
      "Do you do root canals?",
    );
    await recorded;
    const [gap] = await listKnowledgeGaps(f.tenantId, f.agentId);
    const dismissed = await dismissKnowledgeGap(f.tenantId, gap?.id ?? "");
    expect(dismissed.status).toBe("DISMISSED");
    expect(await dismissKnowledgeGap("another-tenant", gap?.id ?? "").catch((e) => e)).toBeInstanceOf(
      KnowledgeNotFoundError,
    );
  });
});
