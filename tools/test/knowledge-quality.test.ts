// Search quality on the demo tenant's knowledge: for a fixed set of questions
// callers ask, the FAQ entry or document passage that answers it ranks first
// for at least 90 % of them. Also: the demo instructions no longer carry the
// practice's facts; its knowledge does.
import { disconnectDb, forTenant, platformDb, searchAgentKnowledge } from "@articulate/db";
import { afterAll, describe, expect, it } from "vitest";
import { seedDemo } from "../seed/index";
import { HELD_OUT_SET, QUESTION_SET } from "../seed/knowledge";

afterAll(() => disconnectDb());

describe("demo knowledge", () => {
  it("ranks the right answer first for ≥ 90 % of the question set", async () => {
    const { tenantId } = await seedDemo(new Date());
    const agent = await platformDb().agent.findFirstOrThrow({ where: { tenantId, name: "Ava (reception)" } });
    expect(agent.instructions).not.toMatch(/\$245|Curtis R|8:00|HICAPS/);
    const firstRate = async (set: [string, string][], label: string) => {
      const misses: string[] = [];
      for (const [question, expected] of set) {
        const [top] = await searchAgentKnowledge(tenantId, agent.id, question);
        if (top?.title !== expected) misses.push(`${question} → ${top?.title ?? "(nothing)"}`);
      }
      const rate = (set.length - misses.length) / set.length;
      console.log(
        `[knowledge quality] ${label}: right answer first for ${(rate * 100).toFixed(0)} % of ${set.length}`,
        misses,
      );
      return rate;
    };
    expect(await firstRate(QUESTION_SET, "question set")).toBeGreaterThanOrEqual(0.9);
    // Held out from ranking changes (see HELD_OUT_SET): reported, and held to the same bar.
    expect(await firstRate(HELD_OUT_SET, "held-out set")).toBeGreaterThanOrEqual(0.9);
  }, 120_000); // a full demo seed on a loaded CI box

  it("the seeded calls that asked about the practice show the lookups that answered them", async () => {
    const { tenantId } = await seedDemo(new Date());
    const lookups = await forTenant(tenantId).knowledgeLookup.findMany({ where: {} });
    expect(lookups.length).toBeGreaterThan(0);
    expect(new Set(lookups.map((l) => l.outcome))).toEqual(new Set(["ANSWERED"]));
    const parking = lookups.find((l) => l.question === "Is there parking nearby?");
    expect(JSON.stringify(parking?.results)).toContain("Wilson car park");
  }, 120_000);
});
