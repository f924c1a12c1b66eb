// Notification fan-out benchmark (`pnpm --filter @articulate/jobs bench`, or `pnpm bench`).
//
// 1,000 messages across 100 tenants (one owner each, default preferences: every
// message by e-mail) go through the real job path: saveMessage (as the agent's
// take-message tool does) → the `notifications.fan-out` job on pg-boss → one
// `notifications.deliver` job per e-mail → nodemailer → a real SMTP server
// (smtp-server + mailparser). Latency is enqueue-to-delivered: saveMessage
// returning → the SMTP server accepting that message's e-mail. Three processes, as
// in production: the producer (10 saves at a time, like agents on concurrent
// calls), the jobs runner (this process), and the mail server.
//
// Two phases: (1) latency — the messages are saved while the jobs process runs;
// (2) sustained throughput — 1,000 more are saved while no jobs process runs,
// then one starts and drains the backlog (e-mails accepted per second from its
// start), so the rate measures the job path, not how fast the producer saves.
//
// Raw baseline in the same run: the same 1,000 rendered e-mails handed at once
// to the same pooled mailer with the same concurrency as the deliver queue (a
// plain send loop, no database, no job system); latency from hand-off to accept.
//
// Targets (issue #14): p95 ≤ 5 s (phase 1), ≥ 50 e-mails/s (phase 2). Exits non-zero when missed.
// Scratch database per run (TEST_DATABASE_URL's server, else embedded PostgreSQL).
// BENCH_TENANTS / BENCH_PER_TENANT change the size.
import { fork } from "node:child_process";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { createTestDatabase } from "@articulate/db/testing";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 100);
const PER_TENANT = Number(process.env.BENCH_PER_TENANT ?? 10);
const TOTAL = TENANTS * PER_TENANT;
/** Concurrent saveMessage calls: agents on many calls at once. */
const PRODUCERS = 10;
const TARGET_P95_MS = 5_000;
const TARGET_RATE = 50;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), max: s[s.length - 1] as number };
};
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");

async function main() {
  console.log(`notification fan-out: ${TOTAL} messages across ${TENANTS} tenants; load average ${load()}`);
  const testDb = await createTestDatabase();
  process.env.DATABASE_URL = testDb.url;
  const { disconnectDb, platformDb } = await import("@articulate/db");
  const { createMailer } = await import("@articulate/mail");
  const { renderMessageEmail } = await import("@articulate/notifications");
  const { jobCatalog, startJobRunner } = await import("../src/index");

  const smtp = await startSmtpChild();
  const mailer = createMailer({ smtpUrl: smtp.url, from: "Articulate <no-reply@articulate.test>" });
  let failed = false;
  try {
    const tenants: { id: string; name: string }[] = [];
    for (let i = 0; i < TENANTS; i++) {
      const tenant = await platformDb().tenant.create({
        data: {
          slug: `bench-${i}-${Date.now().toString(36)}`,
          name: `Bench Plumbing ${i}`,
          timezone: "Australia/Sydney",
        },
      });
      const owner = await platformDb().user.create({ data: { email: `owner-${i}@bench.test`, name: `Owner ${i}` } });
      await platformDb().membership.create({ data: { tenantId: tenant.id, userId: owner.id, role: "OWNER" } });
      tenants.push(tenant);
    }
    const deliverJob = jobCatalog({
      sendMail: (m) => mailer.send(m),
      notifier: { appUrl: "https://app.articulate.test", unsubscribeSecret: "x".repeat(32), mailer, sms: null },
    }).find((j) => j.name === "notifications.deliver");
    const concurrency = deliverJob?.concurrency ?? 1;

    // ── Raw baseline: the same e-mails, a plain pooled send loop, same concurrency. ──
    const rendered = Array.from({ length: TOTAL }, (_, i) =>
      renderMessageEmail({
        tenantName: `Bench Plumbing ${i % TENANTS}`,
        timeZone: "Australia/Sydney",
        message: {
          id: `raw-${i}`,
          callerName: `Caller ${i}`,
          callbackNumber: "+61412000111",
          reason: "Leaking hot water system, please call back today",
          urgency: "NORMAL",
          createdAt: new Date(),
        },
        summary: "The caller's hot water system is leaking.",
        transcript: [{ speaker: "CALLER", text: "Hi, my hot water system is leaking." }],
        messageUrl: `https://app.articulate.test/m/raw-${i}`,
        unsubscribeUrl: "https://app.articulate.test/unsubscribe?t=x",
      }),
    );
    await mailer.send({ to: "warmup@bench.test", ...(rendered[0] as (typeof rendered)[number]) });
    const rawLoop = async () => {
      const latencies: number[] = [];
      const start = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < TOTAL) {
            const i = next++;
            await mailer.send({ to: `raw-${i}@bench.test`, ...(rendered[i] as (typeof rendered)[number]) });
            latencies.push(performance.now() - start);
          }
        }),
      );
      const seconds = (performance.now() - start) / 1000;
      // Every raw e-mail reported by the mail server before counting real ones.
      while (smtp.received.size < TOTAL) await new Promise((r) => setTimeout(r, 20));
      smtp.reset();
      return { latencies, seconds, rate: TOTAL / seconds };
    };
    while (smtp.received.size < 1) await new Promise((r) => setTimeout(r, 20));
    smtp.reset();
    const raw = await rawLoop();
    const rawLatency = raw.latencies;
    const rawSeconds = raw.seconds;
    const rawRate = raw.rate;

    // ── Real: saveMessage → fan-out job → deliver jobs → SMTP. ──
    const startRunner = () =>
      startJobRunner({
        databaseUrl: testDb.url,
        jobs: jobCatalog({
          sendMail: (m) => mailer.send(m),
          notifier: { appUrl: "https://app.articulate.test", unsubscribeSecret: "x".repeat(32), mailer, sms: null },
        }).filter((j) => j.name === "notifications.fan-out" || j.name === "notifications.deliver"),
        log: (level, msg, fields) => {
          if (level !== "info") console.error(msg, fields);
        },
      });
    // The messages are saved by another process (as the agent worker does in production), so the
    // producers' transactions do not share the jobs process's connection pool or event loop.
    const produce = async (into: Map<string, number>) => {
      const producer = fork(fileURLToPath(import.meta.url), [], {
        env: {
          ...process.env,
          DATABASE_URL: testDb.url,
          BENCH_ROLE: "producer",
          BENCH_TENANT_IDS: tenants.map((t) => t.id).join(","),
        },
      });
      await new Promise<void>((resolve, reject) => {
        // Resolved when the producer has exited (its connections closed), not just finished sending.
        producer.on("message", (m: { id?: string; at?: number }) => {
          if (m.id && m.at) into.set(m.id, m.at);
        });
        producer.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`producer exited with ${code}`))));
      });
    };

    // Phase 1, latency: messages saved while the jobs process runs.
    let runner = await startRunner();
    const enqueuedAt = new Map<string, number>();
    const realStart = performance.now();
    const startWall = Date.now();
    await produce(enqueuedAt);
    const enqueueSeconds = (performance.now() - realStart) / 1000;
    const deadline = Date.now() + 120_000;
    while (smtp.received.size < TOTAL && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));

    const latency: number[] = [];
    for (const [id, receivedAt] of smtp.received) {
      const at = enqueuedAt.get(id);
      if (at !== undefined) latency.push(receivedAt - at);
    }
    const delivered = latency.length;
    if (process.env.BENCH_TIMELINE === "1") {
      // Per second since the first save: messages saved, e-mails delivered.
      const buckets = new Map<number, [number, number]>();
      const bump = (t: number, k: 0 | 1) => {
        const b = Math.floor((t - startWall) / 1000);
        const v = buckets.get(b) ?? [0, 0];
        v[k]++;
        buckets.set(b, v);
      };
      for (const at of enqueuedAt.values()) bump(at, 0);
      for (const receivedAt of smtp.received.values()) bump(receivedAt, 1);
      const jobs = await platformDb().$queryRawUnsafe<{ created: Date; started: Date | null }[]>(
        `SELECT created_on AS created, started_on AS started FROM pgboss.job WHERE name = 'notifications.deliver'`,
      );
      const fan = new Map<number, [number, number]>();
      for (const j of jobs) {
        for (const [k, t] of [[0, j.created] as const, [1, j.started] as const]) {
          if (!t) continue;
          const b = Math.floor((t.getTime() - startWall) / 1000);
          const v = fan.get(b) ?? [0, 0];
          v[k]++;
          fan.set(b, v);
        }
      }
      for (const [sec, [saved, sent]] of [...buckets].sort((a, b) => a[0] - b[0])) {
        const [queued, started] = fan.get(sec) ?? [0, 0];
        console.log(`  t=${sec}s saved ${saved} deliver-jobs queued ${queued} started ${started} delivered ${sent}`);
      }
    }
    // Sustained rate: from the first message saved to the last e-mail accepted.
    const firstSaved = Math.min(...enqueuedAt.values());
    const lastDelivered = Math.max(...smtp.received.values());
    const realRate = delivered / ((lastDelivered - firstSaved) / 1000);
    await runner.stop();

    // Phase 2, sustained throughput: a backlog of TOTAL messages saved while no job process runs,
    // then one starts; its rate is e-mails accepted per second from its start to the last one.
    smtp.reset();
    // The raw send loop again, just before the drain, so the throughput ratio compares like moments.
    const raw2 = await rawLoop();
    const backlog = new Map<string, number>();
    await produce(backlog);
    const drainStart = Date.now();
    runner = await startRunner();
    const drainDeadline = Date.now() + 180_000;
    const drained = () => [...backlog.keys()].filter((id) => smtp.received.has(id)).length;
    while (drained() < TOTAL && Date.now() < drainDeadline) await new Promise((r) => setTimeout(r, 50));
    const drainEnd = Math.max(...[...backlog.keys()].map((id) => smtp.received.get(id) ?? 0));
    const drainCount = drained();
    const drainRate = drainCount / ((drainEnd - drainStart) / 1000);
    await runner.stop();
    const r = stats(latency);
    const b = stats(rawLatency);
    const f = (n: number) => `${(n / 1000).toFixed(2)} s`;
    console.log(`enqueue: ${TOTAL} messages saved in ${enqueueSeconds.toFixed(2)} s (${PRODUCERS} at a time)`);
    console.log(
      `real, live:       ${delivered}/${TOTAL} delivered ${((lastDelivered - firstSaved) / 1000).toFixed(2)} s after the first save = ${realRate.toFixed(1)} e-mails/s; enqueue→delivered p50 ${f(r.p50)}  p95 ${f(r.p95)}  p99 ${f(r.p99)}  max ${f(r.max)}`,
    );
    console.log(
      `raw SMTP loop:    ${TOTAL} sent in ${rawSeconds.toFixed(2)} s = ${rawRate.toFixed(1)} e-mails/s (${concurrency} in flight); hand-off→accepted p50 ${f(b.p50)}  p95 ${f(b.p95)}  p99 ${f(b.p99)}`,
    );
    console.log(
      `real backlog:     ${drainCount}/${TOTAL} queued e-mails drained in ${((drainEnd - drainStart) / 1000).toFixed(2)} s from the jobs process's start = ${drainRate.toFixed(1)} e-mails/s`,
    );
    console.log(
      `ratio real/raw:   p95 ${(r.p95 / b.p95).toFixed(2)}×, throughput ${(drainRate / raw2.rate).toFixed(2)}× of raw (backlog drain vs the send loop run just before it: ${raw2.rate.toFixed(1)} e-mails/s)`,
    );
    const p95ok = delivered === TOTAL && r.p95 <= TARGET_P95_MS;
    const rateOk = drainCount === TOTAL && drainRate >= TARGET_RATE;
    console.log(
      `target p95 ≤ ${TARGET_P95_MS / 1000} s: ${p95ok ? "PASS" : "MISS"}; target ≥ ${TARGET_RATE} e-mails/s: ${rateOk ? "PASS" : "MISS"}; load average ${load()}`,
    );
    failed = !p95ok || !rateOk;
  } finally {
    mailer.close();
    await smtp.close();
    await disconnectDb();
    // Dropping the scratch database ends any connection a pool still holds idle; that is the point.
    process.on("uncaughtException", (err) => {
      if (/terminating connection due to administrator command/.test(String(err))) return;
      console.error(err);
      process.exit(1);
    });
    await testDb.drop();
  }
  process.exit(failed ? 1 : 0);
}

/**
 * The mail server runs in its own process (as it would in production: not inside the jobs
 * process), reporting each accepted e-mail's message id (from its link) and time over IPC.
 */
async function startSmtpChild(): Promise<{
  url: string;
  received: Map<string, number>;
  reset(): void;
  close(): Promise<void>;
}> {
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, BENCH_ROLE: "smtp" } });
  const received = new Map<string, number>();
  const url = await new Promise<string>((resolve, reject) => {
    child.on("message", (m: { url?: string; mails?: [string, number][] }) => {
      if (m.url) resolve(m.url);
      for (const [id, at] of m.mails ?? []) received.set(id, at);
    });
    child.on("exit", (code) => reject(new Error(`smtp process exited with ${code}`)));
  });
  return {
    url,
    received,
    reset: () => received.clear(),
    close: async () => {
      child.kill("SIGTERM");
    },
  };
}

async function smtpServer() {
  const { startSmtpTestServer } = await import("@articulate/testing/smtp");
  const smtp = await startSmtpTestServer();
  process.send?.({ url: smtp.url });
  let sent = 0;
  setInterval(() => {
    const fresh = smtp.received.slice(sent);
    sent += fresh.length;
    if (fresh.length === 0) return;
    process.send?.({
      mails: fresh.map((m) => [/\/messages\/([a-z0-9]+)/.exec(m.text)?.[1] ?? m.to[0] ?? "", m.receivedAt.getTime()]),
    });
  }, 20);
}

/** The producer process: saves TOTAL messages round-robin across the tenants, PRODUCERS at a time. */
async function produce() {
  const { saveMessage } = await import("@articulate/calls");
  const { disconnectDb } = await import("@articulate/db");
  const tenantIds = (process.env.BENCH_TENANT_IDS ?? "").split(",");
  let produced = 0;
  await Promise.all(
    Array.from({ length: PRODUCERS }, async () => {
      while (produced < TOTAL) {
        const i = produced++;
        const m = await saveMessage({
          tenantId: tenantIds[i % tenantIds.length] as string,
          callerName: `Caller ${i}`,
          callbackNumber: "0412 000 111",
          reason: "Leaking hot water system, please call back today",
        });
        process.send?.({ id: m.id, at: Date.now() });
      }
    }),
  );
  await disconnectDb();
  process.exit(0);
}

if (process.env.BENCH_ROLE === "smtp") {
  smtpServer().catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else if (process.env.BENCH_ROLE === "producer") {
  produce().catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
