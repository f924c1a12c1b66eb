// Harbour Dental's practice facts as its agent's knowledge: FAQ entries (with
// the other ways callers ask) and a practice-information document. The seeded
// transcripts quote these facts, so they stay consistent with what the agent
// now looks up. QUESTION_SET is the fixed search-quality set (tools/test).
import { forTenant } from "@articulate/db";
import {
  addTextDocument,
  createFaqEntry,
  listFaqEntries,
  listKnowledgeSources,
  searchKnowledge,
} from "@articulate/knowledge";
import type { DemoCall } from "./demo-calls";

export const DEMO_FAQ: { question: string; alternatives: string[]; answer: string }[] = [
  {
    question: "What are your opening hours?",
    alternatives: ["What time do you open?", "What time do you close?", "Are you open on weekends?"],
    answer:
      "We're open Monday to Friday, 8 am to 5:30 pm (Fridays too). We're closed on weekends and NSW public holidays.",
  },
  {
    question: "Is there parking?",
    alternatives: ["Where can I park?", "Is there a car park nearby?"],
    answer:
      "There's two-hour street parking on Darling Street, and the Wilson car park on Curtis Road is about two minutes' walk.",
  },
  {
    question: "Where are you located?",
    alternatives: ["What's your address?", "How do I get there?"],
    answer: "212 Darling Street, Balmain NSW 2041, near the corner of Curtis Road. The 442 and 433 buses stop outside.",
  },
  {
    question: "How much does a check-up cost?",
    alternatives: ["What are your fees?", "How much is a scale and clean?", "What's the price of a clean?"],
    answer:
      "A standard check-up, scale and clean is $245. With extras cover the gap depends on your policy; the team can give you an estimate on the day.",
  },
  {
    question: "Do you bulk bill?",
    alternatives: ["Do you accept Medicare?", "Is the Child Dental Benefits Schedule bulk billed?"],
    answer:
      "We don't bulk bill adults. Eligible children are bulk billed under Medicare's Child Dental Benefits Schedule.",
  },
  {
    question: "Do you accept health funds?",
    alternatives: ["Can I claim on my health insurance?", "Do you have HICAPS?", "Do you take Bupa or Medibank?"],
    answer: "Yes, we have HICAPS, so you can claim with Bupa, Medibank and most other health funds on the spot.",
  },
  {
    question: "What services do you offer?",
    alternatives: ["Do you do fillings?", "Do you do root canal treatment?", "Do you do crowns?"],
    answer:
      "Check-ups and cleans, fillings, crowns, root canal treatment, children's dentistry, teeth whitening and same-day emergency appointments.",
  },
  {
    question: "Do you see children?",
    alternatives: ["Can I bring my kids?", "What age do you see children from?"],
    answer: "Yes, we see children from their first tooth, and eligible children are bulk billed under the CDBS.",
  },
  {
    question: "What should I do in a dental emergency?",
    alternatives: ["I have a toothache", "I knocked out a tooth", "My face is swollen"],
    answer:
      "Call us during opening hours and we'll see you the same day; the receptionist can put you straight through. If you have trouble breathing or swallowing, call 000.",
  },
  {
    question: "How can I pay?",
    alternatives: ["What payment methods do you accept?", "Can I pay by card?", "Do you offer payment plans?"],
    answer:
      "Cash, EFTPOS, Visa, Mastercard and Amex at the practice, and payment plans for larger treatment. We never take card details over the phone.",
  },
  {
    question: "Are you accepting new patients?",
    alternatives: ["Can I join the practice?"],
    answer: "Yes, new patients are always welcome. A first visit is a check-up, scale and clean with x-rays if needed.",
  },
  {
    question: "How do I cancel or change an appointment?",
    alternatives: ["What is your cancellation policy?", "Is there a cancellation fee?"],
    answer:
      "Please give us 24 hours' notice to cancel or move an appointment; a $50 fee may apply to appointments missed without notice.",
  },
  {
    question: "Is the practice wheelchair accessible?",
    alternatives: ["Do you have disabled access?", "Are there stairs?"],
    answer: "Yes, the practice is on the ground floor with step-free access and an accessible bathroom.",
  },
];

export const DEMO_PRACTICE_DOCUMENT = {
  title: "Practice information",
  text: `# Teeth whitening
Take-home whitening kits are fitted over two visits; in-chair whitening takes about 90 minutes.

# Our dentists
Dr Mei Chen (general and cosmetic dentistry) and Dr Tom Walsh (children's dentistry and root canal treatment) lead a team of six.

# Sterilisation and safety
All instruments are sterilised on site to the Australian Standard AS 5369.`,
};

/** Questions callers ask, and the FAQ question (or document heading) that answers each. */
export const QUESTION_SET: [string, string][] = [
  ["is there parking", "Is there parking?"],
  ["where can I park my car", "Is there parking?"],
  ["do you bulk bill", "Do you bulk bill?"],
  ["what time do you close on Friday", "What are your opening hours?"],
  ["are you open on Saturdays", "What are your opening hours?"],
  ["when do you open in the morning", "What are your opening hours?"],
  ["how much is a check-up and clean", "How much does a check-up cost?"],
  ["what do you charge for a clean", "How much does a check-up cost?"],
  ["what's your address", "Where are you located?"],
  ["which bus goes to the practice", "Where are you located?"],
  ["can I claim on my health fund", "Do you accept health funds?"],
  ["do you have HICAPS", "Do you accept health funds?"],
  ["do you do teeth whitening", "Teeth whitening"],
  ["do you see kids", "Do you see children?"],
  ["I have a really bad toothache", "What should I do in a dental emergency?"],
  ["can I pay with Amex", "How can I pay?"],
  ["are you taking new patients", "Are you accepting new patients?"],
  ["what's the fee if I miss my appointment", "How do I cancel or change an appointment?"],
  ["is it wheelchair accessible", "Is the practice wheelchair accessible?"],
  ["which dentist does root canals", "Our dentists"],
];

/**
 * A second set, written after QUESTION_SET was at 90 % and before any ranking
 * change was tried, so a change is judged on questions it was not tuned on.
 */
export const HELD_OUT_SET: [string, string][] = [
  ["do you open on Sunday", "What are your opening hours?"],
  ["how long can I park on the street", "Is there parking?"],
  ["what's the cost of a scale and clean", "How much does a check-up cost?"],
  ["can I use my Bupa cover", "Do you accept health funds?"],
  ["do you do crowns", "What services do you offer?"],
  ["my tooth got knocked out", "What should I do in a dental emergency?"],
  ["do you take EFTPOS", "How can I pay?"],
  ["is there a fee for cancelling", "How do I cancel or change an appointment?"],
  ["are there steps at the entrance", "Is the practice wheelchair accessible?"],
  ["how long does in-chair whitening take", "Teeth whitening"],
  ["who is the children's dentist", "Our dentists"],
  ["how do you sterilise your instruments", "Sterilisation and safety"],
  ["where is the clinic", "Where are you located?"],
  ["can new patients book in", "Are you accepting new patients?"],
  ["is the kids' dental scheme bulk billed", "Do you bulk bill?"],
  ["what bus stops near you", "Where are you located?"],
];

/** Adds the demo FAQ and document to the agent; entries already there are left as they are. */
export async function seedDemoKnowledge(tenantId: string, agentId: string): Promise<number> {
  const have = new Set((await listFaqEntries(tenantId, agentId)).map((e) => e.question));
  let added = 0;
  for (const entry of DEMO_FAQ) {
    if (have.has(entry.question)) continue;
    await createFaqEntry(tenantId, agentId, entry);
    added++;
  }
  const sources = await listKnowledgeSources(tenantId, agentId);
  if (!sources.some((s) => s.kind === "TEXT" && s.title === DEMO_PRACTICE_DOCUMENT.title)) {
    await addTextDocument(tenantId, agentId, DEMO_PRACTICE_DOCUMENT);
    added++;
  }
  return added;
}

/** One KnowledgeLookup per question the demo calls asked, with what the search returns now. */
export async function seedDemoLookups(tenantId: string, agentId: string, calls: DemoCall[]): Promise<void> {
  const tdb = forTenant(tenantId);
  for (const c of calls) {
    if (c.lookups.length === 0 || !c.answeredAt) continue;
    const call = await tdb.call.findFirst({ where: { roomName: c.roomName }, select: { id: true } });
    if (!call) continue;
    for (const [n, question] of c.lookups.entries()) {
      const r = await searchKnowledge(tenantId, agentId, question, { timeoutMs: 10_000 });
      await tdb.knowledgeLookup.create({
        data: {
          tenantId,
          callId: call.id,
          question,
          outcome: r.outcome,
          results: r.answers.map((a) => ({ ...a })),
          durationMs: r.durationMs,
          createdAt: new Date(c.answeredAt.getTime() + (n + 1) * 15_000),
        },
      });
    }
  }
}
