// A brand-new business on an installation without LiveKit (a second production
// server on the same build, started by global-setup, with a local OpenAI-compatible
// fake as its model provider): sign-up works, the dashboard says plainly that
// numbers and voice test calls are not available here (no errors, no "Failed"
// numbers), and "Talk to your agent" by text reaches the real receptionist; the
// chat shows up in Calls as a test call with the message it took.
import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { createBusiness, e2eEnv, screenshot, signUp, sql } from "./helpers";

test.use({ baseURL: process.env.E2E_NO_LIVEKIT_BASE_URL });

const run = crypto.randomBytes(3).toString("hex");
const owner = { name: "Nora Newcomer", email: `nolk-${run}@example.test`, password: "correct-horse-battery" };

test("without LiveKit: sign up, read why calls are unavailable, talk to the agent by text, see the test call", async ({
  page,
}) => {
  expect(e2eEnv("E2E_NO_LIVEKIT_BASE_URL")).toBeTruthy();
  const problems: string[] = [];
  page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") problems.push(`console error: ${msg.text()}`);
  });

  await signUp(page, owner);
  const slug = await createBusiness(page, `Coogee Dental ${run}`);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  // The checklist says numbers are not available here and points at the text chat instead.
  await expect(
    page.getByText("Not available on this installation yet. You can still talk to your agent in the browser."),
  ).toBeVisible();
  await screenshot(page, "nolk-01-overview");

  // Numbers: the plain-language notice; nothing to submit that could leave a failed number behind.
  await page.goto(`/t/${slug}/numbers`);
  await expect(page.getByText("Connecting numbers isn't available on this installation yet")).toBeVisible();

  // The agent page: voice test calls unavailable (said plainly), text chat available.
  await page.goto(`/t/${slug}/overview`);
  await page.getByRole("link", { name: "Talk to your agent" }).click();
  await page.waitForURL(/\/agents\/[^/]+$/);
  await expect(
    page.getByText("Voice test calls in the browser aren't available on this installation yet"),
  ).toBeVisible();
  await page.getByRole("button", { name: "Start chat" }).click();
  const chat = page.getByRole("list", { name: "Chat with your agent" });
  await expect(chat.getByText(/^Agent:/).first()).toBeVisible();

  const say = async (text: string) => {
    await page.getByLabel("Your message").fill(text);
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(chat.getByText(text)).toBeVisible();
  };
  await say("Hi, can I leave a message?");
  await expect(chat.getByText("What's your name and the best number to call you back on?")).toBeVisible();
  await say("It's Sam Taylor, 0412 345 678, I need to move Friday's appointment.");
  await expect(chat.getByText("Thanks, I've passed that on. Is there anything else?")).toBeVisible();
  await say("No, that's all. Bye!");
  await expect(chat.getByText("Thanks for calling. Goodbye!")).toBeVisible();
  await expect(
    // Outside business hours (the agent's default Mon–Fri 9–5, Sydney) the chat keeps the after-hours reason.
    page
      .getByRole("status")
      .filter({ hasText: /^Your agent ended the chat( \(after hours\))?\. A message was taken\.$/ }),
  ).toBeVisible();
  await screenshot(page, "nolk-02-agent-chat");

  // The chat is a test call in Calls, with its transcript; the message is in the inbox.
  await page.getByRole("link", { name: "See this test call" }).click();
  await page.waitForURL(/\/calls\/[^/]+$/);
  await expect(page.getByText("Test", { exact: true }).first()).toBeVisible();
  await expect(page.getByText("It's Sam Taylor, 0412 345 678, I need to move Friday's appointment.")).toBeVisible();
  await page.goto(`/t/${slug}/calls`);
  await expect(page.getByRole("table").getByText("Test", { exact: true })).toBeVisible();
  await screenshot(page, "nolk-03-calls");

  const [tenant] = await sql<{ id: string }>(`SELECT id FROM "Tenant" WHERE slug = $1`, [slug]);
  const numbers = await sql<{ n: string }>(`SELECT count(*)::text AS n FROM "PhoneNumber" WHERE "tenantId" = $1`, [
    tenant!.id,
  ]);
  expect(numbers[0]?.n).toBe("0");
  const calls = await sql<{ isTest: boolean; endReason: string; billableMinutes: number; usage: string }>(
    `SELECT c."isTest", c."endReason", c."billableMinutes",
            (SELECT count(*)::text FROM "UsageRecord" u WHERE u."callId" = c.id) AS usage
       FROM "Call" c WHERE c."tenantId" = $1`,
    [tenant!.id],
  );
  expect(calls).toEqual([
    { isTest: true, endReason: expect.stringMatching(/^(AGENT_ENDED|AFTER_HOURS)$/), billableMinutes: 0, usage: "0" },
  ]);
  const messages = await sql<{ callerName: string }>(`SELECT "callerName" FROM "Message" WHERE "tenantId" = $1`, [
    tenant!.id,
  ]);
  expect(messages).toEqual([{ callerName: "Sam Taylor" }]);
  expect(problems).toEqual([]);
});
