// Webhook benchmarks (`pnpm --filter @articulate/webhooks bench`, or `pnpm bench`):
// the outbox write an emitter adds to its own transaction (p50/p95/p99, and the
// ratio against the same transaction without it), and end-to-end delivery
// throughput (claim → sign → POST to a local receiver → record) in deliveries/s.
// Scratch database per run (TEST_DATABASE_URL's server, else embedded PostgreSQL).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createTestDatabase } from "@articulate/db/testing";

const quick = process.env.BENCH_QUICK === "1";
const OUTBOX_N = quick ? 200 : 1000;
const DELIVERIES = quick ? 1000 : 5000;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
const fmt = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99) };
};
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

async function main() {
  const testDb = await createTestDatabase();
  process.env.DATABASE_URL = testDb.url;
  const { disconnectDb, platformDb } = await import("@articulate/db");
  const { callStartedEventData, createWebhookEndpoint, deliverDueWebhooks, enqueueTenantEvent } = await import(
    "../src/index"
  );
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      received++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  try {
    const tenant = await platformDb().tenant.create({ data: { slug: `bench-${Date.now()}`, name: "Bench" } });
    for (let i = 0; i < 3; i++) await createWebhookEndpoint(tenant.id, { url }, { actorType: "system" });
    const call = await platformDb().call.create({
      data: {
        tenantId: tenant.id,
        direction: "INBOUND",
        fromNumber: "+61400000001",
        toNumber: "+61255501234",
        roomName: `bench-${Date.now()}`,
      },
    });
    const data = callStartedEventData(call);

    // Outbox: the same small transaction (one audit row) with and without the event, alternated.
    const withEvent: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < OUTBOX_N; i++) {
      let t = process.hrtime.bigint();
      await platformDb().$transaction(async (tx) => {
        await tx.auditLog.create({ data: { tenantId: tenant.id, actorType: "system", action: "bench" } });
        await enqueueTenantEvent(tx, tenant.id, "call.started", data);
      });
      withEvent.push(ms(t));
      t = process.hrtime.bigint();
      await platformDb().$transaction(async (tx) => {
        await tx.auditLog.create({ data: { tenantId: tenant.id, actorType: "system", action: "bench" } });
      });
      without.push(ms(t));
    }
    const a = fmt(withEvent);
    const b = fmt(without);
    console.log(
      `outbox (3 endpoints) in caller's tx, n=${OUTBOX_N}: p50 ${a.p50.toFixed(2)} ms  p95 ${a.p95.toFixed(2)} ms  p99 ${a.p99.toFixed(2)} ms`,
    );
    console.log(
      `  same tx without the event:          p50 ${b.p50.toFixed(2)} ms  p95 ${b.p95.toFixed(2)} ms  p99 ${b.p99.toFixed(2)} ms  (ratio p95 ${(a.p95 / b.p95).toFixed(2)}×)`,
    );

    // Drain what the outbox loop queued, then time a fresh batch end to end.
    while ((await deliverDueWebhooks({ limit: 500, concurrency: 16 })).claimed > 0) {}
    received = 0;
    const batches = Math.ceil(DELIVERIES / 3);
    for (let i = 0; i < batches; i++)
      await platformDb().$transaction((tx) => enqueueTenantEvent(tx, tenant.id, "call.started", data));
    const t = process.hrtime.bigint();
    let sent = 0;
    for (;;) {
      const r = await deliverDueWebhooks({ limit: 500, concurrency: 16 });
      if (r.claimed === 0) break;
      sent += r.succeeded;
    }
    const seconds = ms(t) / 1000;
    console.log(
      `delivery: ${sent} deliveries (receiver got ${received}) in ${seconds.toFixed(2)} s = ${Math.round(sent / seconds)} deliveries/s (batch 500, 16 in flight)`,
    );
  } finally {
    server.close();
    await disconnectDb();
    await testDb.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
