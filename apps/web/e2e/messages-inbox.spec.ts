// The owner's side of a call: a simulated call leaves a message → it is in the
// inbox with the count in the navigation → open it (seen) → mark it done.
import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { createBusiness, screenshot, signUp, simulateCall, sql } from "./helpers";

const run = crypto.randomBytes(3).toString("hex");
const owner = { name: "Inbox Owner", email: `inbox-owner-${run}@example.test`, password: "inbox-owner-pass-123" };

test("simulate a call → the message is in the inbox with its count → mark done", async ({ page }) => {
  test.setTimeout(240_000);
  await signUp(page, owner);
  const slug = await createBusiness(page, `Inbox Plumbing ${run}`);
  const [tenant] = await sql<{ id: string }>(`SELECT id FROM "Tenant" WHERE slug = $1`, [slug]);
  const agentId = `ag_${run}`;
  const e164 = `+6125551${crypto.randomInt(1000, 9999)}`;
  await sql(
    `INSERT INTO "Agent" (id, "tenantId", name, greeting, instructions, "businessHours", "updatedAt")
     VALUES ($1, $2, 'Ava', 'Hello, Inbox Plumbing', 'Take messages', NULL, now())`,
    [agentId, tenant!.id],
  );
  await sql(
    `INSERT INTO "PhoneNumber" (id, "tenantId", e164, "e164Active", provider, status, "agentId", "updatedAt")
     VALUES ($1, $2, $3, $3, 'BYO', 'ACTIVE', $4, now())`,
    [`pn_${run}`, tenant!.id, e164, agentId],
  );

  const callId = await simulateCall({ tenant: slug, number: e164, script: "message" });
  const [message] = await sql<{ id: string; callerName: string }>(
    `SELECT id, "callerName" FROM "Message" WHERE "callId" = $1`,
    [callId],
  );
  expect(message).toBeDefined();

  await page.goto(`/t/${slug}/messages`);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: /Messages\s*1 new/ })).toBeVisible();
  await expect(page.getByRole("link", { name: message!.callerName })).toBeVisible();
  await page.setViewportSize({ width: 1366, height: 900 });
  await screenshot(page, "inbox-01-list-1366");
  await page.setViewportSize({ width: 390, height: 844 });
  await screenshot(page, "inbox-01-list-390");
  await page.setViewportSize({ width: 1366, height: 900 });

  // Opening it marks it seen: the count goes away.
  await page.getByRole("link", { name: message!.callerName }).click();
  await expect(page.getByRole("heading", { name: `Message from ${message!.callerName}` })).toBeVisible();
  await expect(page.getByText("The call it came from")).toBeVisible();
  await screenshot(page, "inbox-02-message");
  await page.goto(`/t/${slug}/messages`);
  await expect(nav.getByRole("link", { name: "Messages", exact: true })).toBeVisible();

  // Select it and mark done: it leaves the open view and shows under Done.
  await page.getByRole("checkbox", { name: `Select message from ${message!.callerName}` }).check();
  await page.getByRole("button", { name: "Mark selected done" }).click();
  // The confirmation stays on screen while the open view empties (its last message is done).
  await expect(page.getByRole("status").filter({ hasText: "1 message marked done" })).toBeVisible();
  await expect(page.getByText("No open messages")).toBeVisible();
  await expect(page.getByText("1 message marked done")).toBeVisible();
  await page.goto(`/t/${slug}/messages`);
  await expect(page.getByText("No open messages")).toBeVisible();
  await page.goto(`/t/${slug}/messages?state=DONE`);
  await expect(page.getByRole("link", { name: message!.callerName })).toBeVisible();
  const [row] = await sql<{ status: string }>(`SELECT status FROM "Message" WHERE id = $1`, [message!.id]);
  expect(row?.status).toBe("DONE");
  const audit = await sql(`SELECT 1 FROM "AuditLog" WHERE "targetId" = $1 AND action = 'message.updated'`, [
    message!.id,
  ]);
  expect(audit).toHaveLength(2);
});
