// A member's notification settings and the business's own SMS sender: an invalid
// notification address is a field error; a Telnyx key the provider refuses is
// explained on the test; the right key sends a test text through the Telnyx fake.
import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { createBusiness, screenshot, signUp, sql } from "./helpers";

const run = crypto.randomBytes(3).toString("hex");
const owner = { name: "Notify Owner", email: `notify-owner-${run}@example.test`, password: "notify-owner-pass-123" };

test("notification address is validated; own SMS sender: refused key explained, then a test text goes", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signUp(page, owner);
  const slug = await createBusiness(page, `Notify Electrical ${run}`);

  await page.goto(`/t/${slug}/settings/notifications`);
  const address = page.getByLabel("Send notification e-mails to");
  await address.fill("front desk@example");
  await page.getByRole("button", { name: "Save notification settings" }).click();
  await expect(page.getByText("must be an e-mail address such as name@example.com").first()).toBeVisible();
  await expect(address).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Send notification e-mails to").fill("Desk@Notify.Test");
  await page.getByRole("button", { name: "Save notification settings" }).click();
  await expect(page.getByText("Notification settings saved")).toBeVisible();
  const [pref] = await sql<{ email: string }>(
    `SELECT p.email FROM "NotificationPreference" p JOIN "Tenant" t ON t.id = p."tenantId" WHERE t.slug = $1`,
    [slug],
  );
  expect(pref?.email).toBe("desk@notify.test");

  await page.getByRole("link", { name: "text message sender" }).click();
  await expect(page.getByRole("heading", { name: "Text message sender" })).toBeVisible();
  await page.getByLabel("Provider").selectOption("TELNYX");
  await page.getByLabel("API key").fill(`KEY${"0".repeat(32)}`);
  await page.getByLabel("Texts come from").fill("0485 550 888");
  await page.getByRole("button", { name: "Connect SMS account" }).click();
  await expect(page.getByText("SMS account saved")).toBeVisible();
  await expect(page.getByText("Not tested yet")).toBeVisible();
  const [stored] = await sql<{ secretEncrypted: string }>(
    `SELECT a."secretEncrypted" FROM "TenantSmsAccount" a JOIN "Tenant" t ON t.id = a."tenantId" WHERE t.slug = $1`,
    [slug],
  );
  expect(stored?.secretEncrypted).not.toContain("KEY000");

  await page.getByLabel("Mobile number to text").fill("0412 888 001");
  await page.getByRole("button", { name: "Send test SMS" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Telnyx did not accept this API key" })).toBeVisible();
  await screenshot(page, "sms-sender-01-refused");

  await page.getByLabel("API key").fill(process.env.E2E_OWN_TELNYX_API_KEY as string);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("SMS account saved")).toBeVisible();
  await page.getByLabel("Mobile number to text").fill("0412 888 001");
  await page.getByRole("button", { name: "Send test SMS" }).click();
  await expect(page.getByText("Test text sent to 0412 888 001")).toBeVisible();
  await page.reload();
  await expect(page.getByText(/Test text sent \d\d\/\d\d\/\d{4}/)).toBeVisible();
  await screenshot(page, "sms-sender-02-tested");
});
