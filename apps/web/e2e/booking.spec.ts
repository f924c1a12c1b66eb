// Bookings in the dashboard: the owner adds an appointment type for their
// agent, bookings are made (the front desk's form, under the same rules as the
// agent's tool), they appear in the week view in the business's timezone, and
// one is cancelled after a confirmation. Screenshots of the week view at
// 1366 px and 390 px go to docs/screenshots/.
import crypto from "node:crypto";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { createBusiness, signUp, sql } from "./helpers";

const run = crypto.randomBytes(3).toString("hex");
const owner = { name: "Booking Owner", email: `booking-owner-${run}@example.test`, password: "booking-owner-pass-123" };
const TZ = "Australia/Sydney";

/** A Sydney calendar date `days` from today, as yyyy-mm-dd and as the owner types it (dd/mm/yyyy). */
function sydneyDay(days: number): { iso: string; au: string } {
  const iso = new Intl.DateTimeFormat("en-CA", { timeZone: TZ }).format(new Date(Date.now() + days * 86_400_000));
  return { iso, au: `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` };
}

async function addBooking(page: Page, b: { date: string; time: string; name: string; phone: string }) {
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add booking" }) });
  await form.getByLabel("Date").fill(b.date);
  await form.getByLabel("Time").fill(b.time);
  await form.getByLabel("Name").fill(b.name);
  await form.getByLabel("Phone").fill(b.phone);
  await form.getByRole("button", { name: "Add booking" }).click();
  await expect(form.getByRole("status").filter({ hasText: "Booked." })).toBeVisible();
}

async function shot(page: Page, name: string, width: number) {
  await page.setViewportSize({ width, height: 900 });
  await page.screenshot({
    path: path.resolve(import.meta.dirname, "../../../docs/screenshots", `${name}-${width}.png`),
    fullPage: true,
  });
}

test("appointment type → bookings in the week view → cancel with confirmation", async ({ page }) => {
  test.setTimeout(240_000);
  await signUp(page, owner);
  const slug = await createBusiness(page, `Harbour Physio ${run}`);
  const [tenant] = await sql<{ id: string }>(`SELECT id FROM "Tenant" WHERE slug = $1`, [slug]);
  // An agent answering weekdays 8 am to 6 pm in Sydney, no public holidays (so the chosen day is always open).
  await sql(
    `INSERT INTO "Agent" (id, "tenantId", name, greeting, instructions, "businessHours", timezone, "holidayRegion", "updatedAt")
     VALUES ($1, $2, 'Ava', 'Hello, Harbour Physio', 'Book appointments', $3, $4, NULL, now())`,
    [
      `ag_${run}`,
      tenant!.id,
      JSON.stringify(
        Object.fromEntries(
          ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "08:00", close: "18:00" }]]),
        ),
      ),
      TZ,
    ],
  );

  // 1. The owner adds an appointment type.
  await page.goto(`/t/${slug}/bookings`);
  await expect(page.getByText("No appointment types yet")).toBeVisible();
  const typeForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Add appointment type" }) });
  await typeForm.getByLabel("Name").fill("Initial consultation");
  await typeForm.getByLabel("Offered by").selectOption({ label: "Ava" });
  await typeForm.getByLabel("Length (minutes)").fill("45");
  await typeForm.getByLabel("Gap after (minutes)").fill("15");
  await typeForm.getByRole("button", { name: "Add appointment type" }).click();
  await expect(page.getByText("Initial consultation", { exact: true })).toBeVisible();
  await expect(page.getByText("45 min + 15 min gap")).toBeVisible();

  // 2. Bookings two days out (always at least the 2 h notice away), through the front desk's form.
  const day = sydneyDay(2);
  await addBooking(page, { date: day.au, time: "9:30 am", name: "Priya Shah", phone: "0412 345 678" });
  await addBooking(page, { date: day.au, time: "11:00", name: "Tom Fraser", phone: "0491 570 110" });
  await addBooking(page, { date: sydneyDay(3).au, time: "2:15 pm", name: "Lily Tran", phone: "0491 570 111" });
  // The same time again is refused under the no-double-booking rule, naming the time.
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Add booking" }) });
  await form.getByLabel("Date").fill(day.au);
  await form.getByLabel("Time").fill("9:45 am");
  await form.getByLabel("Name").fill("Sam Lee");
  await form.getByLabel("Phone").fill("0412 000 111");
  await form.getByRole("button", { name: "Add booking" }).click();
  await expect(form.getByText(/just been taken|isn't available/)).toBeVisible();

  // 3. They are in the week view of that week, in Sydney time.
  await page.goto(`/t/${slug}/bookings?week=${day.iso}`);
  const week = page.getByRole("list", { name: "Week view" });
  const priya = week.locator("ul > li").filter({ hasText: "Priya Shah" });
  await expect(priya).toBeVisible();
  await expect(priya).toContainText("9:30–10:15 am");
  await expect(priya).toContainText("Initial consultation");
  await expect(priya).toContainText("0412 345 678");
  await expect(week.locator("ul > li").filter({ hasText: "Tom Fraser" })).toContainText("11:00–11:45 am");
  const rows = await sql<{ startsAt: Date; source: string; status: string }>(
    `SELECT "startsAt", source, status FROM "Booking" WHERE "tenantId" = $1 AND "callerName" = 'Priya Shah'`,
    [tenant!.id],
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ source: "DASHBOARD", status: "CONFIRMED" });
  expect(
    new Intl.DateTimeFormat("en-AU", { timeZone: TZ, hour: "numeric", minute: "2-digit", hour12: false }).format(
      rows[0]!.startsAt,
    ),
  ).toBe("09:30");
  await shot(page, "bookings-week", 1366);
  await shot(page, "bookings-week", 390);
  await page.setViewportSize({ width: 1366, height: 900 });

  // 4. Cancel Tom's, after a confirmation; dismissing the dialog first changes nothing.
  const tom = week.locator("ul > li").filter({ hasText: "Tom Fraser" });
  await tom.getByRole("button", { name: "Cancel", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("Cancel Tom Fraser's Initial consultation?");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect(
    (await sql(`SELECT 1 FROM "Booking" WHERE "tenantId" = $1 AND status = 'CANCELLED'`, [tenant!.id])).length,
  ).toBe(0);
  await tom.getByRole("button", { name: "Cancel", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel booking" }).click();
  await expect(week.locator("ul > li").filter({ hasText: "Tom Fraser" })).toHaveCount(0);
  await expect(week.locator("ul > li").filter({ hasText: "Priya Shah" })).toBeVisible();
  const [cancelled] = await sql<{ status: string }>(
    `SELECT status FROM "Booking" WHERE "tenantId" = $1 AND "callerName" = 'Tom Fraser'`,
    [tenant!.id],
  );
  expect(cancelled?.status).toBe("CANCELLED");
  const audit = await sql(`SELECT 1 FROM "AuditLog" WHERE "tenantId" = $1 AND action = 'booking.cancelled'`, [
    tenant!.id,
  ]);
  expect(audit).toHaveLength(1);
});
