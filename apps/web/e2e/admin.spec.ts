// The platform admin console in a real browser: every /admin page and action is
// a 404 for anyone but a platform admin (signed out, a tenant owner); an admin
// sees tenants with their figures, searches, and suspends/resumes with a reason.
import crypto from "node:crypto";
import { expect, type Request as PwRequest, test } from "@playwright/test";
import { createBusiness, screenshot, signUp, sql } from "./helpers";

test.describe.configure({ mode: "serial" });

const run = crypto.randomBytes(3).toString("hex");
const owner = { name: "Tina Tenant", email: `tenant-owner-${run}@example.test`, password: "tenant-owner-pass-1" };
const admin = { name: "Ada Admin", email: `platform-admin-${run}@example.test`, password: "platform-admin-pass-1" };

interface CapturedAction {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

function capture(req: PwRequest): CapturedAction {
  const headers = { ...req.headers() };
  delete headers.cookie;
  return { url: req.url(), headers, body: req.postDataBuffer() ?? Buffer.alloc(0) };
}

test("only platform admins can see or use /admin", async ({ page, browser, playwright }) => {
  test.setTimeout(180_000);
  // A tenant owner (not a platform admin).
  await signUp(page, owner);
  const slug = await createBusiness(page, `Admin Probe ${run}`);
  const [tenant] = await sql<{ id: string }>(`SELECT id FROM "Tenant" WHERE slug = $1`, [slug]);
  const adminPaths = ["/admin", `/admin/tenants/${tenant!.id}`, "/admin/tenants/does-not-exist", `/admin?q=${slug}`];
  for (const path of adminPaths) {
    const res = await page.goto(path);
    expect(res?.status(), `owner GET ${path}`).toBe(404);
  }
  const ownerCookies = await page.context().cookies();

  // Signed out.
  const anon = await browser.newContext();
  for (const path of adminPaths) {
    const res = await (await anon.newPage()).goto(path);
    expect(res?.status(), `anonymous GET ${path}`).toBe(404);
  }

  // A platform admin.
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signUp(adminPage, admin);
  await sql(`UPDATE "User" SET "isPlatformAdmin" = true WHERE email = $1`, [admin.email]);
  // Signing in lands a platform admin on /admin (not business onboarding); the header signs out.
  await adminPage.context().clearCookies();
  await adminPage.goto("/login");
  await adminPage.getByLabel("E-mail").fill(admin.email);
  await adminPage.getByLabel("Password").fill(admin.password);
  await adminPage.getByRole("button", { name: "Sign in" }).click();
  await adminPage.waitForURL(/\/admin$/);
  await expect(adminPage.getByRole("heading", { name: "Platform" })).toBeVisible();
  await expect(adminPage.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(adminPage.getByText(/Projected, not billed/)).toBeVisible();
  await expect(adminPage.getByRole("img", { name: /revenue, cost and gross margin/i })).toBeVisible();
  await adminPage.getByLabel("Search tenants").fill(slug);
  await adminPage.getByRole("button", { name: "Search" }).click();
  await expect(adminPage.getByRole("link", { name: `Admin Probe ${run}` })).toBeVisible();
  await screenshot(adminPage, "admin-01-tenants");
  await adminPage.getByRole("link", { name: `Admin Probe ${run}` }).click();
  await expect(adminPage.getByRole("heading", { name: `Admin Probe ${run}` })).toBeVisible();
  await screenshot(adminPage, "admin-tenant-1366");

  // Read-only view of the tenant's dashboard: no membership, a visible banner, audited with the admin named.
  await adminPage.getByRole("button", { name: "Open dashboard (read-only)" }).click();
  await adminPage.waitForURL(`**/t/${slug}/overview`);
  await expect(adminPage.getByText("Read-only view as platform admin.")).toBeVisible();
  await expect(adminPage.getByRole("heading", { name: "Overview" })).toBeVisible();
  await screenshot(adminPage, "admin-read-only-view");
  const viewed = await sql<{ actorId: string }>(
    `SELECT "actorId" FROM "AuditLog" WHERE "tenantId" = $1 AND action = 'tenant.viewed_read_only'`,
    [tenant!.id],
  );
  expect(viewed).toHaveLength(1);
  const [adminUser] = await sql<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [admin.email]);
  expect(viewed[0]?.actorId).toBe(adminUser?.id);
  expect(
    await sql(`SELECT 1 FROM "Membership" WHERE "tenantId" = $1 AND "userId" = $2`, [tenant!.id, adminUser!.id]),
  ).toHaveLength(0);
  await adminPage.goto(`/admin/tenants/${tenant!.id}`);
  await expect(adminPage.getByText(`by ${admin.email} (platform admin)`).first()).toBeVisible();

  // Platform setup: the one page with variable names.
  await adminPage.goto("/admin/setup");
  await expect(adminPage.getByRole("heading", { name: "Platform setup" })).toBeVisible();
  await expect(adminPage.getByText("BILLING_SHORT_CALL_SECONDS")).toBeVisible();
  for (const width of [1366, 390]) {
    await adminPage.setViewportSize({ width, height: 900 });
    for (const [name, path] of [
      ["admin", "/admin"],
      ["admin-tenant", `/admin/tenants/${tenant!.id}`],
      ["admin-setup", "/admin/setup"],
    ] as const) {
      await adminPage.goto(path);
      await screenshot(adminPage, `page-${name}-${width}`);
    }
  }
  await adminPage.setViewportSize({ width: 1280, height: 900 });
  await adminPage.goto(`/admin/tenants/${tenant!.id}`);

  // Suspend with a reason (the action request is captured to replay it as others later).
  const suspendForm = adminPage.getByRole("form", { name: "Suspend tenant" });
  await suspendForm.getByLabel("Reason for suspending").fill("Chargeback under review");
  const [suspendReq] = await Promise.all([
    adminPage.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined),
    suspendForm.getByRole("button", { name: "Suspend tenant" }).click(),
  ]);
  await expect(adminPage.getByRole("form", { name: "Resume tenant" })).toBeVisible();
  const suspendAction = capture(suspendReq);
  const [afterSuspend] = await sql<{ status: string; suspendedReason: string }>(
    `SELECT status, "suspendedReason" FROM "Tenant" WHERE id = $1`,
    [tenant!.id],
  );
  expect(afterSuspend).toEqual({ status: "SUSPENDED", suspendedReason: "Chargeback under review" });
  await adminPage.reload();
  await expect(adminPage.getByText("tenant.suspended")).toBeVisible();
  await screenshot(adminPage, "admin-02-tenant-suspended");

  // Resume (captured too).
  const resumeForm = adminPage.getByRole("form", { name: "Resume tenant" });
  await resumeForm.getByLabel("Reason for resuming").fill("Bank confirmed the payment");
  const [resumeReq] = await Promise.all([
    adminPage.waitForRequest((r) => r.method() === "POST" && r.headers()["next-action"] !== undefined),
    resumeForm.getByRole("button", { name: "Resume tenant" }).click(),
  ]);
  await expect(adminPage.getByRole("form", { name: "Suspend tenant" })).toBeVisible();
  const resumeAction = capture(resumeReq);
  const audit = await sql<{ action: string }>(
    `SELECT action FROM "AuditLog" WHERE "tenantId" = $1 AND action IN ('tenant.suspended', 'tenant.resumed') ORDER BY "createdAt"`,
    [tenant!.id],
  );
  expect(audit.map((a) => a.action)).toEqual(["tenant.suspended", "tenant.resumed"]);

  // The same action requests, replayed by the owner and by nobody: 404, nothing changes.
  const ownerApi = await playwright.request.newContext({ storageState: { cookies: ownerCookies, origins: [] } });
  const anonApi = await playwright.request.newContext();
  for (const [who, api] of [
    ["owner", ownerApi],
    ["anonymous", anonApi],
  ] as const) {
    const s = await api.post(suspendAction.url, { headers: suspendAction.headers, data: suspendAction.body });
    expect(s.status(), `${who} replaying suspend`).toBe(404);
    expect((await sql<{ status: string }>(`SELECT status FROM "Tenant" WHERE id = $1`, [tenant!.id]))[0]?.status).toBe(
      "ACTIVE",
    );
  }
  await sql(`UPDATE "Tenant" SET status = 'SUSPENDED', "suspendedReason" = 'set by test' WHERE id = $1`, [tenant!.id]);
  for (const [who, api] of [
    ["owner", ownerApi],
    ["anonymous", anonApi],
  ] as const) {
    const r = await api.post(resumeAction.url, { headers: resumeAction.headers, data: resumeAction.body });
    expect(r.status(), `${who} replaying resume`).toBe(404);
    expect((await sql<{ status: string }>(`SELECT status FROM "Tenant" WHERE id = $1`, [tenant!.id]))[0]?.status).toBe(
      "SUSPENDED",
    );
  }
  const auditAfter = await sql<{ n: string }>(
    `SELECT count(*)::text AS n FROM "AuditLog" WHERE "tenantId" = $1 AND action IN ('tenant.suspended', 'tenant.resumed')`,
    [tenant!.id],
  );
  expect(auditAfter[0]?.n).toBe("2");
  await ownerApi.dispose();
  await anonApi.dispose();
  await anon.close();
  await adminContext.close();
});
