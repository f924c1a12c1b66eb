// Knowledge gaps in the owner's inbox: a simulated call asks something the
// agent's knowledge cannot answer → the question is in Messages → the owner
// answers it there in one step → the next simulated call is answered with it.
import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { createBusiness, screenshot, signUp, simulateCall, sql } from "./helpers";

const run = crypto.randomBytes(3).toString("hex");
const owner = { name: "Gap Owner", email: `gap-owner-${run}@example.test`, password: "gap-owner-pass-123" };
const ANSWER = "Free two-hour parking behind the building, entry from Curtis Road.";

test("an unanswered question is in the inbox → answered there → the next call gets the answer", async ({ page }) => {
  test.setTimeout(300_000);
  await signUp(page, owner);
  const slug = await createBusiness(page, `Gap Dental ${run}`);
  const [tenant] = await sql<{ id: string }>(`SELECT id FROM "Tenant" WHERE slug = $1`, [slug]);
  const agentId = `ag_${run}`;
  const e164 = `+6125552${crypto.randomInt(1000, 9999)}`;
  await sql(
    `INSERT INTO "Agent" (id, "tenantId", name, greeting, instructions, "businessHours", "updatedAt")
     VALUES ($1, $2, 'Ava', 'Hello, Gap Dental', 'Answer questions', NULL, now())`,
    [agentId, tenant!.id],
  );
  await sql(
    `INSERT INTO "PhoneNumber" (id, "tenantId", e164, "e164Active", provider, status, "agentId", "updatedAt")
     VALUES ($1, $2, $3, $3, 'BYO', 'ACTIVE', $4, now())`,
    [`pn_${run}`, tenant!.id, e164, agentId],
  );

  // The agent knows nothing yet: the caller's parking question becomes one gap, with its call.
  const firstCall = await simulateCall({ tenant: slug, number: e164, script: "knowledge" });
  const gaps = await sql<{ id: string; question: string }>(
    `SELECT id, question FROM "KnowledgeGap" WHERE "tenantId" = $1 AND status = 'OPEN'`,
    [tenant!.id],
  );
  expect(gaps).toEqual([{ id: expect.any(String), question: "Is there parking nearby?" }]);

  await page.goto(`/t/${slug}/messages`);
  const questions = page.getByTestId("inbox-questions");
  await expect(questions.getByText("Questions your agent couldn't answer (1)")).toBeVisible();
  const item = questions.getByTestId("knowledge-gap");
  await expect(item.getByText("“Is there parking nearby?”")).toBeVisible();
  await expect(item.getByRole("link", { name: "View call" })).toHaveAttribute("href", `/t/${slug}/calls/${firstCall}`);
  await screenshot(page, "knowledge-inbox-01-question");

  // The "Messages only" view leaves it out; "Unanswered questions only" shows just it.
  await page.goto(`/t/${slug}/messages?show=messages`);
  await expect(page.getByTestId("inbox-questions")).toHaveCount(0);
  await page.goto(`/t/${slug}/messages?show=questions`);
  await expect(page.getByTestId("knowledge-gap")).toHaveCount(1);

  // Answered in one step: the question leaves the inbox at once (the emptied list is the confirmation).
  await page.goto(`/t/${slug}/messages`);
  await item.getByLabel("Answer").fill(ANSWER);
  await item.getByRole("button", { name: "Answer" }).click();
  await expect(page.getByTestId("inbox-questions")).toHaveCount(0);
  await page.goto(`/t/${slug}/messages`);
  await expect(page.getByTestId("inbox-questions")).toHaveCount(0);
  const [entry] = await sql<{ question: string; answer: string }>(
    `SELECT question, answer FROM "FaqEntry" WHERE "agentId" = $1`,
    [agentId],
  );
  expect(entry).toEqual({ question: "Is there parking nearby?", answer: ANSWER });
  const [gap] = await sql<{ status: string }>(`SELECT status FROM "KnowledgeGap" WHERE id = $1`, [gaps[0]!.id]);
  expect(gap?.status).toBe("ANSWERED");

  // The next call: the lookup finds the owner's answer and the agent reads it back.
  const nextCall = await simulateCall({ tenant: slug, number: e164, script: "knowledge" });
  const said = await sql<{ text: string }>(
    `SELECT text FROM "TranscriptSegment" WHERE "callId" = $1 AND speaker = 'AGENT' ORDER BY sequence`,
    [nextCall],
  );
  expect(said.map((s) => s.text)).toContain(ANSWER);
  expect(
    await sql(`SELECT 1 FROM "KnowledgeGap" WHERE "tenantId" = $1 AND status = 'OPEN'`, [tenant!.id]),
  ).toHaveLength(0);
});
