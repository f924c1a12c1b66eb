// Shared helpers for the e2e suites: direct database reads (to check that data
// really changed, or really did not), the simulate-call command, screenshots.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { expect, type Page } from "@playwright/test";
import pg from "pg";

const run = promisify(execFile);

export function e2eEnv(
  name:
    | "E2E_BASE_URL"
    | "E2E_DATABASE_URL"
    | "E2E_LIVEKIT_URL"
    | "E2E_LIVEKIT_API_KEY"
    | "E2E_LIVEKIT_API_SECRET"
    | "E2E_SERVER_LOG"
    | "E2E_NO_LIVEKIT_BASE_URL",
): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: globalSetup did not run`);
  return v;
}

export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: e2eEnv("E2E_DATABASE_URL") });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Runs `pnpm simulate-call` (the agent worker's real logic and persistence) against the e2e database. */
export async function simulateCall(args: { tenant: string; number: string; script?: string }): Promise<string> {
  const workerDir = path.resolve(import.meta.dirname, "../../agent-worker");
  const { stdout } = await run(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/cli/simulate-call.ts",
      "--tenant",
      args.tenant,
      "--number",
      args.number,
      "--script",
      args.script ?? "message",
      "--llm",
      "fake",
    ],
    { cwd: workerDir, env: { ...process.env, DATABASE_URL: e2eEnv("E2E_DATABASE_URL") }, timeout: 120_000 },
  );
  const id = /call (\S+)/.exec(stdout)?.[1];
  if (!id) throw new Error(`simulate-call printed no call id:\n${stdout}`);
  return id;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.resolve(import.meta.dirname, "artifacts", `${name}.png`), fullPage: true });
}

export async function signUp(page: Page, user: { name: string; email: string; password: string }): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill(user.name);
  await page.getByLabel("Work e-mail").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  // Sign-up answers the same for new and existing e-mails; a new user then signs in.
  await expect(page.getByRole("status").filter({ hasText: "Check your inbox" })).toBeVisible();
  await page.getByRole("link", { name: "Sign in to continue" }).click();
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/onboarding");
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/(t\/[^/]+\/overview|onboarding)/);
}

export async function createBusiness(page: Page, name: string): Promise<string> {
  await page.getByLabel("Business name").fill(name);
  await page.getByRole("button", { name: "Create business" }).click();
  await page.waitForURL(/\/t\/[^/]+\/overview/);
  const slug = /\/t\/([^/]+)\/overview/.exec(page.url())?.[1];
  if (!slug) throw new Error(`no slug in ${page.url()}`);
  return slug;
}

/** A link in the dashboard's main navigation. */
export function nav(page: Page, label: string) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: label, exact: true });
}

/** The newest link to `path` in an e-mail printed to the server log (SMTP is not configured in e2e). */
export async function mailedLink(to: string, path: "/verify-email" | "/reset-password"): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const log = fs.readFileSync(e2eEnv("E2E_SERVER_LOG"), "utf8");
    const mails = log.split("[mail] (SMTP not configured; printing instead)").filter((m) => m.includes(`To: ${to}`));
    const last = mails[mails.length - 1];
    const link = last ? new RegExp(`https?://[^\\s]+${path}\\?token=[A-Za-z0-9_-]+`).exec(last)?.[0] : undefined;
    if (link) return new URL(link).pathname + new URL(link).search;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${path} e-mail to ${to} in the server log`);
}
