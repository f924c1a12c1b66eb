// pnpm --filter @articulate/billing usage:reconcile [--tenant <id>] [--period-start <ISO>]
// Compares the usage ledger with Stripe's meter event summaries per tenant and period.
// Default: every Stripe-billed tenant's current period. Exit code 2 when anything differs.
import { parseArgs } from "node:util";
import { disconnectDb, platformDb } from "@articulate/db";
import { billingPeriodFor } from "../rating";
import { reconcileUsage } from "../usage-reporting";

const { values } = parseArgs({ options: { tenant: { type: "string" }, "period-start": { type: "string" } } });

async function main(): Promise<void> {
  const targets: Array<{ tenantId?: string; periodStart: Date }> = [];
  if (values["period-start"]) {
    const d = new Date(values["period-start"]);
    if (Number.isNaN(d.getTime())) throw new Error("--period-start must be an ISO timestamp");
    targets.push({ tenantId: values.tenant, periodStart: d });
  } else {
    const tenantIds = values.tenant
      ? [values.tenant]
      : // platformDb(): Operator CLI: every subscribed tenant.
        (
          await platformDb().subscription.findMany({
            where: { stripeCustomerId: { not: null } },
            select: { tenantId: true },
          })
        ).map((s) => s.tenantId);
    for (const tenantId of tenantIds) targets.push({ tenantId, periodStart: (await billingPeriodFor(tenantId)).start });
  }
  let problems = 0;
  for (const t of targets) {
    for (const r of await reconcileUsage(t)) {
      if (r.status !== "match" && r.status !== "not_billed") problems++;
      console.log(
        `${r.tenantId} ${r.period.start.toISOString()} ledger=${r.ledgerMinutes} reported=${r.reportedMinutes} pending=${r.pendingMinutes} attention=${r.needsAttentionMinutes} stripe=${r.stripeMinutes ?? "-"} → ${r.status}`,
      );
    }
  }
  if (problems > 0) process.exitCode = 2;
}

main()
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  })
  .finally(() => disconnectDb());
