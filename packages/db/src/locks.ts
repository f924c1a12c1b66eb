// Per-tenant transaction locks (pg_advisory_xact_lock): serialise one kind of
// write for one tenant without blocking anyone else, released at commit.
import { Prisma } from "./generated/prisma/client";

/** What each lock protects; one name per rule so two features never share a lock by accident. */
export type TenantLockScope =
  /** Admitting a call against the concurrency cap and creating its row. */
  | "calls"
  /** Recording a call's usage and the period rollup. */
  | "usage"
  /** Writing to the built-in calendar: re-check the slot, then book (no double-booking). */
  | "bookings";

type RawExecutor = { $executeRaw(query: Prisma.Sql): PromiseLike<number> };

/** Holds the tenant's lock for `scope` until the surrounding transaction ends. */
export async function lockTenantScope(tx: RawExecutor, tenantId: string, scope: TenantLockScope): Promise<void> {
  if (!tenantId) throw new Error("lockTenantScope needs a tenant id");
  await tx.$executeRaw(Prisma.sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${scope}:${tenantId}`}, 0))`);
}
