// Tenant isolation through every entry type: a signed-in owner of tenant A who
// edits ids in URLs, in server-action form posts and in route-handler requests
// (CSV export) gets 404/403 for anything of tenant B, and B's data is untouched.
import crypto from "node:crypto";
import { type Browser, expect, type Page, test } from "@playwright/test";
import { createBusiness, screenshot, signUp, simulateCall, sql } from "./helpers";

test.describe.configure({ mode: "serial" });

const run = crypto.randomBytes(3).toString("hex");
interface TenantFixture {
  page: Page;
  slug: string;
  tenantId: string;
  agentId: string;
  numberId: string;
  e164: string;
}

async function tenantWithNumber(browser: Browser, label: string, localNumber: string): Promise<TenantFixture> {
  const page = await (await browser.newContext()).newPage();
  await signUp(page, {
    name: `${label} Owner`,
    email: `${label.toLowerCase()}-${run}@example.test`,
    password: "isolation-pass-123",
  });
  const slug = await createBusiness(page, `${label} Plumbing ${run}`);
  await page.goto(`/t/${slug}/numbers/import`);
  await page.getByLabel("Your existing number").fill(localNumber);
  await page.getByRole("button", { name: "Connect number" }).click();
  await page.waitForURL(/\/numbers\/[^/?]+\?imported=1/);
  await expect(page.getByRole("heading", { name: "Settings to enter at your carrier" })).toBeVisible();
  const [row] = await sql<{ tenantId: string; agentId: string; numberId: string; e164: string }>(
    `SELECT t.id AS "tenantId", a.id AS "agentId", p.id AS "numberId", p.e164 FROM "Tenant" t
     JOIN "Agent" a ON a."tenantId" = t.id JOIN "PhoneNumber" p ON p."tenantId" = t.id WHERE t.slug = $1`,
    [slug],
  );
  if (!row) throw new Error("fixture rows missing");
  return { page, slug, ...row };
}

let A: TenantFixture;
let B: TenantFixture;
let bCallId: string;

test.beforeAll(async ({ browser }) => {
  A = await tenantWithNumber(browser, "Alpha", "02 5550 7001");
  B = await tenantWithNumber(browser, "Bravo", "03 5550 7002");
  await screenshot(B.page, "13-byo-number");
  bCallId = await simulateCall({ tenant: B.slug, number: B.e164, script: "message" });
});

test("pages: B's tenant and B's resources under A's URL are 404", async () => {
  const page = A.page;
  for (const url of [
    `/t/${B.slug}/overview`,
    `/t/${B.slug}/calls`,
    `/t/${A.slug}/agents/${B.agentId}`,
    `/t/${A.slug}/calls/${bCallId}`,
    `/t/${A.slug}/numbers/${B.numberId}`,
  ]) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  }
  // A filter naming B's agent finds nothing in A's history.
  await page.goto(`/t/${A.slug}/calls?agent=${B.agentId}`);
  await expect(page.getByText(/No calls (yet|match these filters)/)).toBeVisible();
  await expect(page.locator(`a[href$="/calls/${bCallId}"]`)).toHaveCount(0);
});

test("route handlers: the CSV export never includes B's calls", async () => {
  const api = A.page.request;
  expect((await api.get(`/t/${B.slug}/calls/export`)).status()).toBe(404);
  const own = await api.get(`/t/${A.slug}/calls/export`);
  expect(own.status()).toBe(200);
  expect(own.headers()["content-type"]).toContain("text/csv");
  const csv = await own.text();
  expect(csv.startsWith("call_id,started_at")).toBe(true);
  expect(csv).not.toContain(bCallId);
  const filtered = await api.get(`/t/${A.slug}/calls/export?agent=${B.agentId}`);
  expect((await filtered.text()).trim().split("\n")).toHaveLength(1);
  // Signed out: 401, not a redirect to someone's data.
  const anonymous = await A.page.context().browser()!.newContext();
  expect((await anonymous.request.get(`${process.env.E2E_BASE_URL}/t/${A.slug}/calls/export`)).status()).toBe(401);
  await anonymous.close();
  // B's own export does contain the call (the filter is the tenant, not a blanket refusal).
  expect(await (await B.page.request.get(`/t/${B.slug}/calls/export`)).text()).toContain(bCallId);
});

async function setHidden(form: ReturnType<Page["locator"]>, name: string, value: string) {
  await form
    .locator(`input[name="${name}"]`)
    .first()
    .evaluate((el, v) => {
      (el as HTMLInputElement).value = v;
    }, value);
}

test("server actions: tampered ids and slugs are refused and B's rows do not change", async () => {
  const page = A.page;
  const before = await sql(`SELECT name, greeting, "transferNumber", "updatedAt" FROM "Agent" WHERE id = $1`, [
    B.agentId,
  ]);

  // Agent editor posting B's agent id under A's slug.
  await page.goto(`/t/${A.slug}/agents/${A.agentId}`);
  let editor = page.locator("form", { has: page.getByRole("button", { name: "Save agent" }) });
  await page.getByLabel("Agent name").fill("Hijacked");
  await setHidden(editor, "agentId", B.agentId);
  await page.getByRole("button", { name: "Save agent" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Agent was not found" }).first()).toBeVisible();

  // The same post naming B's slug: A is not a member there.
  await page.goto(`/t/${A.slug}/agents/${A.agentId}`);
  editor = page.locator("form", { has: page.getByRole("button", { name: "Save agent" }) });
  await page.getByLabel("Agent name").fill("Hijacked");
  await setHidden(editor, "slug", B.slug);
  await setHidden(editor, "agentId", B.agentId);
  await page.getByRole("button", { name: "Save agent" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Not found" })).toBeVisible();
  expect(
    await sql(`SELECT name, greeting, "transferNumber", "updatedAt" FROM "Agent" WHERE id = $1`, [B.agentId]),
  ).toEqual(before);
  const [aAgent] = await sql<{ name: string }>(`SELECT name FROM "Agent" WHERE id = $1`, [A.agentId]);
  expect(aAgent?.name).not.toBe("Hijacked");

  // Release dialog on A's number, re-pointed at B's number.
  await page.goto(`/t/${A.slug}/numbers`);
  await page.getByRole("button", { name: "Release" }).click();
  const dialog = page.getByRole("dialog");
  await setHidden(dialog.locator("form"), "phoneNumberId", B.numberId);
  await dialog.getByRole("button", { name: "Release number" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Phone number was not found" })).toBeVisible();
  const [bNumber] = await sql<{ status: string }>(`SELECT status FROM "PhoneNumber" WHERE id = $1`, [B.numberId]);
  expect(bNumber?.status).toBe("ACTIVE");

  // Assigning B's agent to A's number.
  await page.goto(`/t/${A.slug}/numbers`);
  const assign = page.locator("form", { has: page.getByRole("button", { name: "Assign" }) });
  await assign.locator("select").evaluate((el, v) => {
    const opt = document.createElement("option");
    opt.value = v;
    opt.textContent = "B agent";
    el.appendChild(opt);
    (el as HTMLSelectElement).value = v;
  }, B.agentId);
  await assign.getByRole("button", { name: "Assign" }).click();
  await expect(assign.getByRole("alert")).toContainText("Agent was not found");
  const [aNumber] = await sql<{ agentId: string }>(`SELECT "agentId" FROM "PhoneNumber" WHERE id = $1`, [A.numberId]);
  expect(aNumber?.agentId).toBe(A.agentId);

  // Team: changing the role of B's owner through A's team page.
  const [bOwner] = await sql<{ id: string; role: string }>(`SELECT id, role FROM "Membership" WHERE "tenantId" = $1`, [
    B.tenantId,
  ]);
  await sql(`INSERT INTO "User" (id, email, name, "updatedAt") VALUES ($1, $2, 'Helper', now())`, [
    `u_${run}`,
    `helper-${run}@example.test`,
  ]);
  await sql(`INSERT INTO "Membership" (id, "tenantId", "userId", role) VALUES ($1, $2, $3, 'MEMBER')`, [
    `m_${run}`,
    A.tenantId,
    `u_${run}`,
  ]);
  await page.goto(`/t/${A.slug}/team`);
  const roleForm = page.locator("form", { has: page.getByLabel(/Role for Helper/) });
  await setHidden(roleForm, "membershipId", bOwner!.id);
  await roleForm.getByLabel(/Role for Helper/).selectOption("MEMBER");
  await roleForm.getByRole("button", { name: "Change" }).click();
  await expect(roleForm.getByRole("alert")).toContainText("Member was not found");
  const [bOwnerAfter] = await sql<{ role: string }>(`SELECT role FROM "Membership" WHERE id = $1`, [bOwner!.id]);
  expect(bOwnerAfter?.role).toBe("OWNER");
});

test("roles: a MEMBER of A gets 403 on admin-only pages", async ({ browser }) => {
  const memberPage = await (await browser.newContext()).newPage();
  const email = `viewer-${run}@example.test`;
  await signUp(memberPage, { name: "Vera Viewer", email, password: "viewer-pass-1234" });
  await sql(
    `INSERT INTO "Membership" (id, "tenantId", "userId", role) SELECT $1, $2, id, 'MEMBER' FROM "User" WHERE email = $3`,
    [`mv_${run}`, A.tenantId, email],
  );
  const res = await memberPage.goto(`/t/${A.slug}/numbers/new`);
  expect(res?.status()).toBe(403);
  // Pages with their own loading state too: the status is decided before streaming.
  for (const page of ["settings/api-keys", "settings/webhooks", "settings/sms"])
    expect((await memberPage.goto(`/t/${A.slug}/${page}`))?.status(), page).toBe(403);
  await expect(memberPage.getByRole("heading", { name: "You do not have access to this" })).toBeVisible();
  // Their own notification settings are theirs to change, whatever their role.
  expect((await memberPage.goto(`/t/${A.slug}/settings/notifications`))?.status()).toBe(200);
  await expect(memberPage.getByRole("button", { name: "Save notification settings" })).toBeVisible();
  // The member can read A, and still not B.
  expect((await memberPage.goto(`/t/${A.slug}/calls`))?.status()).toBe(200);
  expect((await memberPage.goto(`/t/${B.slug}/calls`))?.status()).toBe(404);
});
