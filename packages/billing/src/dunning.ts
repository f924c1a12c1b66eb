// Dunning: when a failed payment's grace period has run out, the tenant is
// suspended (the agent worker then answers with a polite message). A paid
// invoice restores it (see subscription-state).
import { platformDb, writeAudit } from "@articulate/db";

import { BILLING_SUSPENSION_REASON } from "./subscription-state";

/** Suspends every tenant whose grace period ended while its subscription is still unpaid. Run periodically. */
export async function enforceBillingGrace(now: Date = new Date()): Promise<{ suspended: string[] }> {
  // platformDb(): Grace enforcement job: overdue subscriptions across every tenant.
  const due = await platformDb().subscription.findMany({
    where: {
      graceUntil: { lte: now },
      status: { in: ["PAST_DUE", "UNPAID", "INCOMPLETE"] },
      tenant: { status: "ACTIVE" },
    },
    select: { tenantId: true, graceUntil: true, status: true },
  });
  const suspended: string[] = [];
  for (const s of due) {
    // platformDb(): Grace enforcement job: suspends one tenant found by the query above.
    const done = await platformDb().$transaction(async (tx) => {
      // Re-check inside the transaction: a payment may have landed meanwhile.
      const still = await tx.subscription.findFirst({
        where: { tenantId: s.tenantId, graceUntil: { lte: now }, status: { in: ["PAST_DUE", "UNPAID", "INCOMPLETE"] } },
        select: { id: true },
      });
      if (!still) return false;
      const r = await tx.tenant.updateMany({
        where: { id: s.tenantId, status: "ACTIVE" },
        data: { status: "SUSPENDED", suspendedReason: BILLING_SUSPENSION_REASON, suspendedAt: now },
      });
      if (r.count === 0) return false;
      await writeAudit(tx, {
        tenantId: s.tenantId,
        action: "tenant.suspended",
        actorType: "system",
        data: {
          reason: BILLING_SUSPENSION_REASON,
          graceUntil: s.graceUntil?.toISOString() ?? null,
          subscriptionStatus: s.status,
        },
      });
      return true;
    });
    if (done) suspended.push(s.tenantId);
  }
  return { suspended };
}
