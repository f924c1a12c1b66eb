// The owner talks to their agent in the browser chat and books an appointment:
// the real receptionist and its booking tools, against the scripted model of
// the local OpenAI-compatible fake (global-setup.ts), then the booking is in the
// week view, made by the agent on the chat's test call. Runs against the server
// that has the model configured (the no-LiveKit one).
import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { createBusiness, signUp, sql } from "./helpers";

test.use({ baseURL: process.env.E2E_NO_LIVEKIT_BASE_URL });

const run = crypto.randomBytes(3).toString("hex");
const owner = { name: "Chat Owner", email: `chat-book-${run}@example.test`, password: "chat-booking-pass-123" };
const TZ = "Australia/Sydney";

test("create an appointment type, book it by talking to the agent, see it in the week view", async ({ page }) => {
  test.setTimeout(240_000);
  await signUp(page, owner);
  const slug = await createBusiness(page, `Bayside Dental ${run}`);
  const [tenant] = await sql<{ id: string }>(`SELECT id FROM "Tenant" WHERE slug = $1`, [slug]);
  const agentId = `ag_${run}`;
  // An agent answering every day 8 am to 6 pm in Sydney, no public holidays (the chat and the day are always open).
  await sql(
    `INSERT INTO "Agent" (id, "tenantId", name, greeting, instructions, "businessHours", timezone, "holidayRegion", "updatedAt")
     VALUES ($1, $2, 'Ava', 'Hello, Bayside Dental', 'Book appointments', $3, $4, NULL, now())`,
    [
      agentId,
      tenant!.id,
      JSON.stringify(
        Object.fromEntries(
          ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "08:00", close: "18:00" }]]),
        ),
      ),
      TZ,
    ],
  );

  await page.goto(`/t/${slug}/bookings`);
  const typeForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Add appointment type" }) });
  await typeForm.getByLabel("Name").fill("Check-up");
  await typeForm.getByLabel("Offered by").selectOption({ label: "Ava" });
  await typeForm.getByLabel("Length (minutes)").fill("30");
  await typeForm.getByRole("button", { name: "Add appointment type" }).click();
  await expect(page.getByText("Check-up", { exact: true })).toBeVisible();

  // The chat, calling from a mobile number (the booking's phone).
  const day = new Intl.DateTimeFormat("en-CA", { timeZone: TZ }).format(new Date(Date.now() + 3 * 86_400_000));
  await page.goto(`/t/${slug}/agents/${agentId}`);
  await page.getByLabel("Calling from (optional)").fill("0412 555 010");
  await page.getByRole("button", { name: "Start chat" }).click();
  const chat = page.getByRole("list", { name: "Chat with your agent" });
  await expect(chat.getByText(/^Agent:/).first()).toBeVisible();
  const say = async (text: string) => {
    await page.getByLabel("Your message").fill(text);
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(chat.getByText(text)).toBeVisible();
  };
  await say(`Hi, can I book a Check-up on ${day}?`);
  await expect(chat.getByText(/Free for Check-up \(30 minutes\): .* at 8 am/)).toBeVisible();
  await say("The first time, I'm Pat Lee");
  await expect(chat.getByText(/Read back: Check-up on .* for Pat Lee/)).toBeVisible();
  await say("Yes, book it");
  await expect(chat.getByText(/Booked: Check-up on .* for Pat Lee/)).toBeVisible();

  const [row] = await sql<{ source: string; callerPhone: string; callId: string | null; startsAt: Date }>(
    `SELECT source, "callerPhone", "callId", "startsAt" FROM "Booking" WHERE "tenantId" = $1 AND "callerName" = 'Pat Lee'`,
    [tenant!.id],
  );
  expect(row).toMatchObject({ source: "AGENT", callerPhone: "+61412555010" });
  expect(row?.callId).toBeTruthy();

  // In the week view, in Sydney time.
  await page.goto(`/t/${slug}/bookings?week=${day}`);
  const pat = page.getByRole("list", { name: "Week view" }).locator("ul > li").filter({ hasText: "Pat Lee" });
  await expect(pat).toBeVisible();
  await expect(pat).toContainText("8:00–8:30 am");
  await expect(pat).toContainText("Check-up");
  await expect(pat).toContainText("0412 555 010");
});
