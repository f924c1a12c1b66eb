import { databaseUrl } from "@articulate/config";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";
import { scopeToTenant, tenantGuard } from "./tenancy";

export function createBaseClient(connectionString: string, poolMax = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: poolMax }) });
}

function buildClients(connectionString: string) {
  // One pg pool per process, shared by Prisma and by the few hot read models
  // that run hand-written SQL (see sqlPool).
  const pool = new pg.Pool({ connectionString, max: 10 });
  const base = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { base, pool, guarded: base.$extends(tenantGuard) };
}
type Clients = ReturnType<typeof buildClients>;

/** The guarded client type application code sees. */
export type Db = Clients["guarded"];
export type TenantDb = ReturnType<typeof scopeTenant>;
type TxOf<C> = C extends { $transaction<R>(fn: (tx: infer T) => Promise<R>, options?: never): Promise<R> } ? T : never;
/** The handle forTenant(id).$transaction(fn) passes to fn: still scoped to that tenant. */
export type TenantTx = TxOf<TenantDb>;

function scopeTenant(base: PrismaClient, tenantId: string) {
  return base.$extends(scopeToTenant(tenantId));
}

// One set of clients per process (and per DATABASE_URL, which tests change).
const holder = globalThis as unknown as { __articulateDb?: { url: string; clients: Clients } };

function clients(): Clients {
  const url = databaseUrl();
  if (holder.__articulateDb?.url !== url) {
    holder.__articulateDb = { url, clients: buildClients(url) };
  }
  return holder.__articulateDb.clients;
}

/**
 * The shared client. Every query on a tenant-owned model must name its tenant;
 * one that does not throws TenantScopeError.
 */
export function db(): Db {
  return clients().guarded;
}

/** Client whose every tenant-owned query is filtered to (and writes into) one tenant. */
export function forTenant(tenantId: string): TenantDb {
  return scopeTenant(clients().base, tenantId);
}

/**
 * Unguarded client for platform-level work that is cross-tenant by nature:
 * admin console totals, resolving a dialed number to its tenant, webhook
 * finalization keyed by room name. Never use it with an id the client sent.
 */
export function platformDb(): PrismaClient {
  return clients().base;
}

/**
 * The pg pool under the shared client, for hot read models in this package
 * whose ORM mapping cost is measured to miss their latency targets
 * (docs/benchmarks.md). Not exported from the package: callers outside
 * packages/db go through the read models, never raw SQL.
 */
export function sqlPool(): pg.Pool {
  return clients().pool;
}

export async function disconnectDb(): Promise<void> {
  const h = holder.__articulateDb;
  holder.__articulateDb = undefined;
  if (h) {
    await h.clients.base.$disconnect();
    if (!h.clients.pool.ending) await h.clients.pool.end();
  }
}
