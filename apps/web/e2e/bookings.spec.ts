// Bookings in the dashboard: an appointment type is added (a bad length is a
// field error), Google Calendar is connected through the real OAuth round trip
// (the Google fake's consent page sends the browser back), a booking is made
// and shows in the week view with its event in Google, then cancelled after
// a confirmation. Screenshots of the page at 1366 and 390 px for the docs.
import crypto from "node:crypto";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createBusiness, signUp, sql } from "./helpers";

const run = crypto.randomBytes(3).toString("hex");
const owner = { name: "Booking Owner", email: `booking-owner-${run}@example.test`, password: "booking-owner-pass-123" };
const docsShot = (name: string) => path.resolve(import.meta.dirname, "../../../docs/screenshots", `${name}.png`);

/** The next Monday–Friday at least two days away, as dd/mm/yyyy and the week's Monday (yyyy-mm-dd), Sydney. */
function nextWeekday(): { au: string; monday: string } {
  const fmt = (d: Date) =>
    new Intl.DateTimeFormat("en-CA", {
      timeZone: "Australia/Sydney",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    }).format(d);
  const d = new Date(Date.now() + 2 * 86_400_000);
  for (;;) {
    const wd = new Intl.DateTimeFormat("en-AU", { timeZone: "Australia/Sydney", weekday: "short" }).format(d);
    if (!["Sat", "Sun"].includes(wd)) break;
    d.setTime(d.getTime() + 86_400_000);
  }
  const iso = fmt(d);
  const [y, m, day] = iso.split("-").map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, day)).getUTCDay();
  const monday = new Date(Date.UTC(y, m - 1, day - ((weekday + 6) % 7))).toISOString().slice(0, 10);
  return { au: `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`, monday };
}

test("appointment type → Google Calendar connected → booking in the week view → cancelled", async ({ page }) => {
  test.setTimeout(240_000);
  await signUp(page, owner);
  const slug = await createBusiness(page, `Smile Booking ${run}`);
  const [tenant] = await sql<{ id: string }>(`SELECT id FROM "Tenant" WHERE slug = $1`, [slug]);
  const hours = JSON.stringify(
    Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, [{ open: "09:00", close: "17:00" }]])),
  );
  await sql(
    `INSERT INTO "Agent" (id, "tenantId", name, greeting, instructions, "businessHours", timezone, "updatedAt")
     VALUES ($1, $2, 'Ava', 'Hello, Smile', 'Book appointments', $3::jsonb, 'Australia/Sydney', now())`,
    [`ag_${run}`, tenant!.id, hours],
  );

  await page.goto(`/t/${slug}/bookings`);
  await expect(page.getByText("No appointment types yet")).toBeVisible();
  const typeForm = page.locator("form", { has: page.getByRole("button", { name: "Add appointment type" }) });
  await typeForm.getByLabel("Name").fill("Check-up and clean");
  await typeForm.getByLabel("Length (minutes)").fill("2");
  await typeForm.getByRole("button", { name: "Add appointment type" }).click();
  await expect(typeForm.getByLabel("Length (minutes)")).toHaveAttribute("aria-invalid", "true");
  await typeForm.getByLabel("Length (minutes)").fill("45");
  await typeForm.getByLabel("Gap after (minutes)").fill("15");
  await typeForm.getByLabel("Minimum notice (hours)").fill("1");
  await typeForm.getByRole("button", { name: "Add appointment type" }).click();
  await expect(page.getByText("Check-up and clean").first()).toBeVisible();

  // Google Calendar: the browser goes to Google's consent page (the fake approves) and comes back.
  await page.getByRole("link", { name: "Connect Google Calendar" }).click();
  await expect(page.getByText("Google Calendar is connected.")).toBeVisible();
  await expect(page.getByText("frontdesk@bookings.example").first()).toBeVisible();
  const [conn] = await sql<{ provider: string; googleRefreshToken: string }>(
    `SELECT provider::text, "googleRefreshToken" FROM "BookingCalendar" WHERE "tenantId" = $1`,
    [tenant!.id],
  );
  expect(conn?.provider).toBe("GOOGLE");
  expect(conn?.googleRefreshToken).toMatch(/^v1\./); // encrypted at rest

  const day = nextWeekday();
  const addForm = page.locator("form", { has: page.getByRole("button", { name: "Add booking" }) });
  await addForm.getByLabel("Date").fill(day.au);
  await addForm.getByLabel("Time").fill("10:00 am");
  await addForm.getByLabel("Name").fill("Mia Nguyen");
  await addForm.getByLabel("Phone").fill("0412 345 678");
  await addForm.getByRole("button", { name: "Add booking" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Booked." })).toBeVisible();
  await expect
    .poll(async () =>
      (
        await sql<{ startsAt: Date }>(
          `SELECT "startsAt" FROM "Booking" WHERE "tenantId" = $1 AND status = 'CONFIRMED'`,
          [tenant!.id],
        )
      ).map((r) => new Date(r.startsAt).toISOString()),
    )
    .toHaveLength(1);

  await page.goto(`/t/${slug}/bookings?week=${day.monday}`);
  const week = page.getByRole("list", { name: "Week view" });
  await expect(week.getByText("Mia Nguyen", { exact: true })).toBeVisible();
  await expect(week.getByText("10:00–10:45 am")).toBeVisible();
  const [booking] = await sql<{ externalId: string | null }>(
    `SELECT "externalId" FROM "Booking" WHERE "tenantId" = $1`,
    [tenant!.id],
  );
  expect(booking?.externalId).toMatch(/^[0-9a-f]{32}$/); // the event made in Google Calendar

  await page.setViewportSize({ width: 1366, height: 900 });
  await page.screenshot({ path: docsShot("bookings-1366"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: docsShot("bookings-390"), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  await week.getByRole("button", { name: "Cancel", exact: true }).click();
  await page.getByRole("button", { name: "Cancel booking" }).click();
  await expect(week.getByText("Mia Nguyen", { exact: true })).toHaveCount(0);
  const [after] = await sql<{ status: string }>(`SELECT status::text FROM "Booking" WHERE "tenantId" = $1`, [
    tenant!.id,
  ]);
  expect(after?.status).toBe("CANCELLED");
});
