// The dashboard's main navigation on a phone (390 px): every item sits behind a "Menu"
// button (aria-expanded) instead of a strip that had to be swiped; choosing an item or
// pressing Escape closes it. At desktop width the list is always shown and there is no button.
import crypto from "node:crypto";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createBusiness, nav, signUp } from "./helpers";

const run = crypto.randomBytes(3).toString("hex");
const owner = { name: "Mobile Owner", email: `mobile-nav-${run}@example.test`, password: "mobile-nav-pass-123" };
const ITEMS = [
  "Overview",
  "Messages",
  "Numbers",
  "Agents",
  "Calls",
  "Bookings",
  "Billing",
  "Team",
  "Block list",
  "API keys",
  "Webhooks",
  "Notifications",
];

test("at 390 px every navigation item is reachable through the Menu button", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, owner);
  const slug = await createBusiness(page, `Mobile Nav Plumbing ${run}`);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/t/${slug}/overview`);
  const menu = page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "Menu" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav(page, "Notifications")).toBeHidden();

  await menu.click();
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  for (const label of ITEMS) await expect(nav(page, label)).toBeInViewport();
  await page.screenshot({
    path: path.resolve(import.meta.dirname, "../../../docs/screenshots/nav-menu-open-390.png"),
  });

  // Escape closes it.
  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav(page, "Bookings")).toBeHidden();

  // A later item navigates, and the menu closes on the new page.
  await menu.click();
  await nav(page, "Notifications").click();
  await page.waitForURL(`**/t/${slug}/settings/notifications`);
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(nav(page, "Overview")).toBeHidden();
  await menu.click();
  await nav(page, "Bookings").click();
  await page.waitForURL(`**/t/${slug}/bookings`);
  await expect(menu).toHaveAttribute("aria-expanded", "false");

  // Desktop is unchanged: no button, the whole list shown.
  await page.setViewportSize({ width: 1366, height: 900 });
  await expect(menu).toBeHidden();
  for (const label of ITEMS) await expect(nav(page, label)).toBeVisible();
});
