// Bookings in the dashboard, one owner's journey: an appointment type is added
// (a bad length is a field error); bookings are made through the front desk's
// form under the agent's no-double-booking rule (a clash is refused, naming the
// time); they appear in the week view in Sydney time; one is cancelled after a
// confirmation (dismissing it first changes nothing; the cancel is audited).
// Then Google Calendar is connected through the real OAuth round trip (the
// Google fake's consent page sends the browser back), and a booking made next
// carries its Google event and is cancelled too. Screenshots of the week view
// at 1366 and 390 px go to docs/screenshots/.
import crypto from "node:crypto";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { createBusiness, signUp, sql } from "./helpers";

const run = crypto.randomBytes(3).toString("hex");
const owner = { name: "Booking Owner", email: `booking-owner-${run}@example.test`, password: "booking-owner-pass-123" };
const TZ = "Australia/Sydney";

/** A Sydney calendar date `days` from today: yyyy-mm-dd, as the owner types it (dd/mm/yyyy), and its week's Monday. */
function sydneyDay(days: number): { iso: string; au: string; monday: string } {
  const iso = new Intl.DateTimeFormat("en-CA", { timeZone: TZ }).format(new Date(Date.now() + days * 86_400_000));
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  const monday = new Date(Date.UTC(y, m - 1, d - ((weekday + 6) % 7))).toISOString().slice(0, 10);
  return { iso, au: `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`, monday };
}

function bookingForm(page: Page) {
  return page.locator("form").filter({ has: page.getByRole("button", { name: "Add booking" }) });
}

async function fillBooking(page: Page, b: { date: string; time: string; name: string; phone: string }) {
  const form = bookingForm(page);
  await form.getByLabel("Date").fill(b.date);
  await form.getByLabel("Time").fill(b.time);
  await form.getByLabel("Name").fill(b.name);
  await form.getByLabel("Phone").fill(b.phone);
  await form.getByRole("button", { name: "Add booking" }).click();
}

async function addBooking(page: Page, b: { date: string; time: string; name: string; phone: string }) {
  await fillBooking(page, b);
  await expect(bookingForm(page).getByRole("status").filter({ hasText: "Booked." })).toBeVisible();
}

async function shot(page: Page, name: string, width: number) {
  await page.setViewportSize({ width, height: 900 });
  await page.screenshot({
    path: path.resolve(import.meta.dirname, "../../../docs/screenshots", `${name}-${width}.png`),
    fullPage: true,
  });
}

test("appointment type → bookings in the week view → cancel with confirmation → Google Calendar connected → booked there", async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signUp(page, owner);
  const slug = await createBusiness(page, `Harbour Physio ${run}`);
  const [tenant] = await sql<{ id: string }>(`SELECT id FROM "Tenant" WHERE slug = $1`, [slug]);
  // An agent answering every day 8 am to 6 pm in Sydney, no public holidays (so the chosen days are always open).
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

  // 1. The owner adds an appointment type; a 2-minute length is a field error first.
  await page.goto(`/t/${slug}/bookings`);
  await expect(page.getByText("No appointment types yet")).toBeVisible();
  const typeForm = page.locator("form").filter({ has: page.getByRole("button", { name: "Add appointment type" }) });
  await typeForm.getByLabel("Name").fill("Initial consultation");
  await typeForm.getByLabel("Offered by").selectOption({ label: "Ava" });
  await typeForm.getByLabel("Length (minutes)").fill("2");
  await typeForm.getByRole("button", { name: "Add appointment type" }).click();
  await expect(typeForm.getByLabel("Length (minutes)")).toHaveAttribute("aria-invalid", "true");
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
  await fillBooking(page, { date: day.au, time: "9:45 am", name: "Sam Lee", phone: "0412 000 111" });
  await expect(bookingForm(page).getByText(/just been taken|isn't available/)).toBeVisible();

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
  const audit = await sql<{ actorType: string }>(
    `SELECT "actorType" FROM "AuditLog" WHERE "tenantId" = $1 AND action = 'booking.cancelled'`,
    [tenant!.id],
  );
  expect(audit).toEqual([{ actorType: "user" }]);

  // 5. Google Calendar: the browser goes to Google's consent page (the fake approves) and comes back.
  await page.goto(`/t/${slug}/bookings`);
  await page.getByRole("link", { name: "Connect Google Calendar" }).click();
  await expect(page.getByText("Google Calendar is connected.")).toBeVisible();
  await expect(page.getByText("frontdesk@bookings.example").first()).toBeVisible();
  const [conn] = await sql<{ provider: string; googleRefreshToken: string }>(
    `SELECT provider::text, "googleRefreshToken" FROM "BookingCalendar" WHERE "tenantId" = $1`,
    [tenant!.id],
  );
  expect(conn?.provider).toBe("GOOGLE");
  expect(conn?.googleRefreshToken).toMatch(/^v1\./); // encrypted at rest

  // 6. A booking made now is also an event in Google Calendar; cancelling it removes it here.
  const later = sydneyDay(4);
  await addBooking(page, { date: later.au, time: "10:00 am", name: "Mia Nguyen", phone: "0412 345 679" });
  const [mia] = await sql<{ externalId: string | null }>(
    `SELECT "externalId" FROM "Booking" WHERE "tenantId" = $1 AND "callerName" = 'Mia Nguyen'`,
    [tenant!.id],
  );
  expect(mia?.externalId).toMatch(/^[0-9a-f]{32}$/); // the event made in Google Calendar
  await page.goto(`/t/${slug}/bookings?week=${later.monday}`);
  const miaCard = week.locator("ul > li").filter({ hasText: "Mia Nguyen" });
  await expect(miaCard).toContainText("10:00–10:45 am");
  await miaCard.getByRole("button", { name: "Cancel", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Cancel booking" }).click();
  await expect(week.locator("ul > li").filter({ hasText: "Mia Nguyen" })).toHaveCount(0);
  const [miaAfter] = await sql<{ status: string }>(
    `SELECT status::text FROM "Booking" WHERE "tenantId" = $1 AND "callerName" = 'Mia Nguyen'`,
    [tenant!.id],
  );
  expect(miaAfter?.status).toBe("CANCELLED");
});
