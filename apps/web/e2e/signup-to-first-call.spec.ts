// The product's main path for a new business, in a real browser against the
// production build: sign up → create business → buy an AU number (provisioned
// in the LiveKit fake) → configure the agent → a simulated call appears with its
// transcript → usage shows its minutes → Stripe Checkout URL issued → invite a member.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { rebuildCallRollup } from "@articulate/db";
import { expect, test } from "@playwright/test";
import { SipClient } from "livekit-server-sdk";
import { createBusiness, e2eEnv, mailedLink, nav, screenshot, signIn, signUp, simulateCall, sql } from "./helpers";

test.describe.configure({ mode: "serial" });

const run = crypto.randomBytes(3).toString("hex");
const owner = { name: "Olivia Owner", email: `owner-${run}@example.test`, password: "correct-horse-battery" };
const member = { name: "Max Member", email: `member-${run}@example.test`, password: "member-pass-12345" };

test("a new business goes from sign-up to its first call", async ({ page, browser }) => {
  // The longest journey (it also visits every dashboard page at two widths): on a shared, loaded
  // machine it takes 1.5 min and more, past the suite's default.
  test.setTimeout(240_000);
  // Sign up and create the business.
  await page.goto("/login");
  await screenshot(page, "01-login");
  await signUp(page, owner);
  await screenshot(page, "02-onboarding");
  const slug = await createBusiness(page, `Bondi Physio ${run}`);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByText("Your business is on the free trial")).toBeVisible();
  // The verification e-mail (printed to the server log without SMTP) confirms the address.
  await expect(page.getByText(`Confirm your e-mail (${owner.email})`)).toBeVisible();
  await page.goto(await mailedLink(owner.email, "/verify-email"));
  await expect(page.getByRole("heading", { name: "E-mail confirmed" })).toBeVisible();
  await page.goto(`/t/${slug}/overview`);
  await expect(page.getByText(`Confirm your e-mail (${owner.email})`)).toHaveCount(0);
  const [tenant] = await sql<{ id: string; plan: string }>(`SELECT id, plan FROM "Tenant" WHERE slug = $1`, [slug]);
  expect(tenant?.plan).toBe("TRIAL");

  // Buy an Australian number from Telnyx (fake); it is provisioned in the LiveKit fake.
  await nav(page, "Numbers").click();
  await expect(page.getByText("No phone numbers yet")).toBeVisible();
  await page.getByRole("link", { name: "Buy a number" }).first().click();
  await page.getByLabel("Area code").fill("2");
  await page.getByRole("button", { name: "Search" }).click();
  const buy = page.getByRole("form", { name: "Buy 02 5550 1234" });
  await expect(buy).toBeVisible();
  await screenshot(page, "03-number-search");
  await buy.getByLabel("Street").fill("1 Campbell Parade");
  await buy.getByLabel("Suburb / city").fill("Bondi Beach");
  await buy.getByLabel("State").fill("NSW");
  await buy.getByLabel("Postcode").fill("2026");
  await buy.getByRole("button", { name: "Buy 02 5550 1234" }).click();
  await page.waitForURL(/\/numbers\/[^/]+$/);
  await expect(page.getByText("Active", { exact: true })).toBeVisible();
  await expect(page.getByText("Complete", { exact: true })).toBeVisible();
  await screenshot(page, "04-number-detail");
  const [number] = await sql<{
    id: string;
    e164: string;
    status: string;
    livekitInboundTrunkId: string;
    livekitDispatchRuleId: string;
    agentId: string;
  }>(
    `SELECT id, e164, status, "livekitInboundTrunkId", "livekitDispatchRuleId", "agentId" FROM "PhoneNumber" WHERE "tenantId" = $1`,
    [tenant!.id],
  );
  expect(number?.status).toBe("ACTIVE");
  const sip = new SipClient(e2eEnv("E2E_LIVEKIT_URL"), e2eEnv("E2E_LIVEKIT_API_KEY"), e2eEnv("E2E_LIVEKIT_API_SECRET"));
  const trunks = await sip.listSipInboundTrunk();
  const trunk = trunks.find((t) => t.sipTrunkId === number!.livekitInboundTrunkId);
  expect(trunk?.numbers).toContain("+61255501234");
  const rules = await sip.listSipDispatchRule();
  const rule = rules.find((r) => r.sipDispatchRuleId === number!.livekitDispatchRuleId);
  expect(rule?.trunkIds).toContain(number!.livekitInboundTrunkId);
  const dispatch = rule?.roomConfig?.agents[0];
  expect(dispatch?.agentName).toBe("receptionist");
  expect(JSON.parse(dispatch?.metadata ?? "{}")).toMatchObject({
    tenantId: tenant!.id,
    agentId: number!.agentId,
    phoneNumberId: number!.id,
  });
  await nav(page, "Numbers").click();
  await screenshot(page, "05-numbers");

  // Configure the agent: bad input is rejected with a field error and nothing typed is lost.
  await nav(page, "Agents").click();
  await screenshot(page, "06-agents");
  await page
    .getByRole("link", { name: /Receptionist/ })
    .first()
    .click();
  await page.getByLabel("Greeting").fill(`G'day, thanks for calling Bondi Physio ${run}. How can I help?`);
  await page.getByLabel("Open 24 hours, every day").check();
  await page.getByLabel("Transfer number").fill("12345");
  await page.getByRole("button", { name: "Save agent" }).click();
  await expect(page.getByText("Enter a valid phone number, e.g. 02 5550 1234", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Greeting")).toHaveValue(
    `G'day, thanks for calling Bondi Physio ${run}. How can I help?`,
  );
  const [unchanged] = await sql<{ greeting: string }>(`SELECT greeting FROM "Agent" WHERE id = $1`, [number!.agentId]);
  expect(unchanged?.greeting).not.toContain("G'day");
  await page.getByLabel("Open 24 hours, every day").check();
  await page.getByLabel("Transfer number").fill("02 5550 9999");
  await page.getByRole("button", { name: "Save agent" }).click();
  await expect(page.getByText("Saved. New calls use these settings straight away.")).toBeVisible();
  await screenshot(page, "07-agent");
  const [agent] = await sql<{ greeting: string; transferNumber: string; businessHours: unknown }>(
    `SELECT greeting, "transferNumber", "businessHours" FROM "Agent" WHERE id = $1`,
    [number!.agentId],
  );
  expect(agent).toMatchObject({
    greeting: `G'day, thanks for calling Bondi Physio ${run}. How can I help?`,
    transferNumber: "+61255509999",
    businessHours: null,
  });
  await expect(page.getByText("Test calls need a LiveKit server")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Start test call" })).toBeVisible();

  // A caller phones the number (simulate-call runs the worker's real logic and persistence).
  const callId = await simulateCall({ tenant: slug, number: number!.e164, script: "message" });
  const segments = await sql<{ text: string; speaker: string }>(
    `SELECT text, speaker FROM "TranscriptSegment" WHERE "callId" = $1 ORDER BY sequence`,
    [callId],
  );
  expect(segments.length).toBeGreaterThan(1);
  await nav(page, "Calls").click();
  const row = page.locator(`table a[href$="/calls/${callId}"]`);
  await expect(row).toBeVisible();
  await screenshot(page, "08-calls");
  await page.getByLabel("Search transcripts").fill(
    segments
      .find((s) => s.speaker === "CALLER")!
      .text.split(" ")
      .slice(0, 3)
      .join(" "),
  );
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.locator(`table a[href$="/calls/${callId}"]`)).toBeVisible();
  await page.getByLabel("Search transcripts").fill(`zebra-${run}`);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByText("No calls match these filters")).toBeVisible();
  await page.goto(`/t/${slug}/calls/${callId}`);
  for (const s of segments.slice(0, 3)) await expect(page.getByText(s.text, { exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Message taken" })).toBeVisible();
  await screenshot(page, "09-call-detail");

  // The simulated call is a test call: listed as "Test", never billed, so usage stays at 0.
  const [simulated] = await sql<{ isTest: boolean; unbilledReason: string; answered: boolean }>(
    `SELECT "isTest", "unbilledReason", "answeredAt" >= "startedAt" AS answered FROM "Call" WHERE id = $1`,
    [callId],
  );
  expect(simulated).toEqual({ isTest: true, unbilledReason: "TEST_CALL", answered: true });
  expect(await sql(`SELECT 1 FROM "UsageRecord" WHERE "callId" = $1`, [callId])).toHaveLength(0);
  await nav(page, "Overview").click();
  await expect(page.getByText("0 / 100 min")).toBeVisible();
  await screenshot(page, "10-overview");

  // Blocked and short calls are listed with why they were not billed; a caller is blocked from a call's page.
  const blockedId = `blocked-${run}`;
  const shortId = `short-${run}`;
  await sql(
    `INSERT INTO "Call" (id, "tenantId", direction, "fromNumber", "toNumber", "roomName", status, "startedAt", "endedAt", "endReason", "finalizedBy", "unbilledReason", "updatedAt")
     VALUES ($1, $3, 'INBOUND', 'anonymous', $4, $1, 'DECLINED', now() - interval '2 minutes', now() - interval '2 minutes', 'BLOCKED', 'WORKER', 'BLOCKED_CALLER', now()),
            ($2, $3, 'INBOUND', '+61400555666', $4, $2, 'COMPLETED', now() - interval '1 minute', now() - interval '52 seconds', 'CALLER_HUNG_UP', 'WORKER', 'SHORT_CALL', now())`,
    [blockedId, shortId, tenant!.id, number!.e164],
  );
  await sql(`UPDATE "Call" SET "answeredAt" = "startedAt" + interval '3 seconds' WHERE id = $1`, [shortId]);
  // Rows written by hand skip finalizeCall, which keeps the analytics rollup; rebuild it from the calls.
  process.env.DATABASE_URL = e2eEnv("E2E_DATABASE_URL");
  await rebuildCallRollup(tenant!.id);
  await nav(page, "Overview").click();
  await expect(page.getByRole("img", { name: /^Calls per day this period: 2 calls, 1 answered\.$/ })).toBeVisible();
  await expect(
    page.getByRole("img", { name: /Call outcomes this period: Spam or blocked 1, (Abandoned|Not analysed) 1\./ }),
  ).toBeVisible();
  await nav(page, "Calls").click();
  await expect(page.getByRole("table").getByText("Blocked", { exact: true })).toBeVisible();
  await expect(page.getByRole("table").getByText("Not billed: blocked caller")).toBeVisible();
  await expect(page.getByRole("table").getByText("Not billed: under 10 s")).toBeVisible();
  await expect(page.getByRole("table").getByText("Not billed: test call")).toBeVisible();
  await expect(page.getByRole("table").getByText("Test", { exact: true })).toBeVisible();
  // A test call offers no blocking (it is not a real caller); a real call does.
  await page.goto(`/t/${slug}/calls/${callId}`);
  await expect(page.getByRole("button", { name: "Block this caller" })).toHaveCount(0);
  await page.goto(`/t/${slug}/calls/${shortId}`);
  await page.getByRole("button", { name: "Block this caller" }).click();
  await expect(page.getByText("Blocked: future calls are refused and not billed.")).toBeVisible();
  await page.goto(`/t/${slug}/settings/block-list`);
  await expect(page.getByText("0400 555 666")).toBeVisible();

  // Checkout: the Stripe fake issues a Checkout URL and the browser is sent there.
  await page.route("https://checkout.stripe.com/**", (route) =>
    route.fulfill({ contentType: "text/html", body: "<h1>Stripe Checkout (test)</h1>" }),
  );
  await nav(page, "Billing").click();
  await expect(page.getByText("0 / 100 min")).toBeVisible();
  await screenshot(page, "11-billing");
  await page.getByLabel(/Professional/).check();
  await page.getByRole("button", { name: "Continue to checkout" }).click();
  await page.waitForURL(/^https:\/\/checkout\.stripe\.com\/c\/pay\//);
  const [started] = await sql<{ data: { plan: string } }>(
    `SELECT data FROM "AuditLog" WHERE "tenantId" = $1 AND action = 'billing.checkout_started'`,
    [tenant!.id],
  );
  expect(started?.data.plan).toBe("PROFESSIONAL");

  // A suspended business sees why calls stopped and how to fix it: a failed payment (the billing
  // webhooks set this reason) or a suspension by the platform, with the admin's reason.
  await sql(
    `UPDATE "Tenant" SET status = 'SUSPENDED', "suspendedReason" = 'Payment overdue: the grace period after a failed payment ended' WHERE id = $1`,
    [tenant!.id],
  );
  await page.goto(`/t/${slug}/overview`);
  await expect(page.getByRole("alert").filter({ hasText: "Calls are paused because a payment failed." })).toContainText(
    "Update your payment method on the Billing page",
  );
  await screenshot(page, "15-suspended-banner");
  await sql(`UPDATE "Tenant" SET "suspendedReason" = 'Abuse report' WHERE id = $1`, [tenant!.id]);
  await page.goto(`/t/${slug}/overview`);
  const platformBanner = page.getByRole("alert").filter({ hasText: "Articulate has suspended this account" });
  await expect(platformBanner).toContainText("Reason: Abuse report.");
  await expect(platformBanner).not.toContainText("payment");
  await sql(`UPDATE "Tenant" SET status = 'ACTIVE', "suspendedReason" = NULL WHERE id = $1`, [tenant!.id]);

  // Every page of the dashboard at 1366 px and 390 px, saved for review; none shows "undefined" or a variable name.
  const pages: Array<[string, string]> = [
    ["overview", "overview"],
    ["numbers", "numbers"],
    ["number-detail", `numbers/${number!.id}`],
    ["numbers-import", "numbers/import"],
    ["numbers-new", "numbers/new"],
    ["agents", "agents"],
    ["agent-detail", `agents/${number!.agentId}`],
    ["calls", "calls"],
    ["call-detail", `calls/${callId}`],
    ["messages", "messages"],
    ["bookings", "bookings"],
    ["billing", "billing"],
    ["team", "team"],
    ["block-list", "settings/block-list"],
    ["api-keys", "settings/api-keys"],
    ["webhooks", "settings/webhooks"],
    ["notifications", "settings/notifications"],
  ];
  // Time to first byte of each page's document as the browser saw it (production build, loopback):
  // the first visit (1366 px) is the route's first request on this server, the second (390 px) a repeat.
  const ttfb: Record<string, number[]> = {};
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [name, path] of pages) {
      await page.goto(`/t/${slug}/${path}`);
      await expect(page.locator("main")).toBeVisible();
      const firstByte = await page.evaluate(() => {
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
        return nav ? nav.responseStart - nav.requestStart : -1;
      });
      ttfb[name] = [...(ttfb[name] ?? []), Math.round(firstByte)];
      const text = (await page.locator("body").allInnerTexts()).join("\n");
      expect(text, `${path} at ${width}px`).not.toMatch(/\bundefined\b|LIVEKIT_|STRIPE_|OPENAI_|_API_KEY/);
      await screenshot(page, `page-${name}-${width}`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  fs.writeFileSync(path.resolve(import.meta.dirname, "artifacts", "ttfb.json"), `${JSON.stringify(ttfb, null, 2)}\n`);

  // Invite a member; they accept with their own account.
  await page.goto(`/t/${slug}/team`);
  await page.getByLabel("E-mail").fill(member.email);
  await page.getByLabel("Role").selectOption("MEMBER");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${member.email}`)).toBeVisible();
  const link = await page.getByLabel("Invitation link").inputValue();
  await expect(page.getByText(`${member.email} as member`)).toBeVisible();
  await screenshot(page, "12-team");
  const memberContext = await browser.newContext();
  const memberPage = await memberContext.newPage();
  await signUp(memberPage, member);
  await memberPage.goto(link);
  await memberPage.getByRole("button", { name: "Accept invitation" }).click();
  await memberPage.waitForURL(`**/t/${slug}/overview`);
  const [membership] = await sql<{ role: string }>(
    `SELECT m.role FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."tenantId" = $1 AND u.email = $2`,
    [tenant!.id, member.email],
  );
  expect(membership?.role).toBe("MEMBER");
  // Billing actions are owner-only: the member sees the page but cannot start Checkout.
  await memberPage.goto(`/t/${slug}/billing`);
  await expect(memberPage.getByText("Only owners can change the plan or payment details.")).toBeVisible();
  // The dashboard on a phone.
  await memberPage.setViewportSize({ width: 390, height: 844 });
  await memberPage.goto(`/t/${slug}/overview`);
  await expect(memberPage.getByRole("heading", { name: "Overview" })).toBeVisible();
  await screenshot(memberPage, "14-overview-mobile");
  await memberContext.close();
});

test("a forgotten password is reset through the e-mailed link", async ({ page }) => {
  const user = { name: "Rita Reset", email: `reset-${run}@example.test`, password: "first-password-123" };
  await signUp(page, user);
  await page.context().clearCookies();
  await page.goto("/forgot-password");
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByText("If an account exists for that e-mail")).toBeVisible();
  const link = await mailedLink(user.email, "/reset-password");
  await page.goto(link);
  await page.getByLabel("New password").fill("short");
  await page.getByLabel("Confirm password").fill("short");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Use at least 10 characters", { exact: true })).toBeVisible();
  await page.getByLabel("New password").fill("second-password-456");
  await page.getByLabel("Confirm password").fill("second-password-456");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("Your password was changed.")).toBeVisible();
  // The link works once; the old password no longer signs in; the new one does.
  await page.goto(link);
  await page.getByLabel("New password").fill("third-password-789");
  await page.getByLabel("Confirm password").fill("third-password-789");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "expired or was already used" })).toBeVisible();
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That e-mail and password do not match an account.")).toBeVisible();
  await signIn(page, user.email, "second-password-456");
  await expect(page).toHaveURL(/\/onboarding$/);
});
