import { platformDb } from "@articulate/db";
import { beforeAll, describe, expect, it } from "vitest";
import {
  BillingNotConfiguredError,
  billingStatus,
  createCheckoutSession,
  getUsageSummary,
  handleStripeWebhook,
  listInvoices,
  recordCallUsage,
  reportPendingUsage,
} from "../src/index";
import { clearStripeEnv, createCall, createTenant } from "./helpers";

beforeAll(() => clearStripeEnv());

describe("without Stripe configured", () => {
  it("records and rates usage, says Stripe is not configured, and nothing crashes", async () => {
    const t = await createTenant({
      plan: "STARTER",
      periodStart: new Date(Date.now() - 86_400_000),
      periodEnd: new Date(Date.now() + 20 * 86_400_000),
    });
    const c = await createCall(t.id, new Date(Date.now() - 3_600_000), 125);
    const r = await platformDb().$transaction((tx) =>
      recordCallUsage(tx, {
        id: c.id,
        tenantId: t.id,
        direction: "INBOUND",
        answeredAt: c.answeredAt,
        endedAt: c.endedAt,
      }),
    );
    expect(r.created).toBe(true);
    const s = await getUsageSummary(t.id);
    expect(s.minutesUsed).toBe(3);
    expect(s.totalMinor).toBe(19_900);
    expect(s.billing).toMatchObject({ configured: false });
    expect(await billingStatus()).toMatchObject({ configured: false, catalogReady: false });
    expect(await listInvoices(t.id)).toEqual({ stripeConfigured: false, invoices: [] });
    expect(await reportPendingUsage()).toMatchObject({ configured: false, claimed: 0 });
    expect((await platformDb().usageRecord.findFirstOrThrow({ where: { tenantId: t.id } })).reportState).toBe(
      "PENDING",
    );
    await expect(
      createCheckoutSession({ tenantId: t.id, plan: "STARTER", appUrl: "https://a.example" }),
    ).rejects.toBeInstanceOf(BillingNotConfiguredError);
    await expect(handleStripeWebhook("{}", "t=1,v1=00")).rejects.toBeInstanceOf(BillingNotConfiguredError);
  });
});
