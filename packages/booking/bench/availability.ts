// check_availability benchmark (`pnpm --filter @articulate/booking bench`):
// one business with 10,000 bookings (BENCH_QUICK=1: 2,000) among other tenants,
// a week of slots for one appointment type, timed against raw `pg` doing the
// same work (the same rows read with hand-written SQL, then the same slot
// arithmetic), alternating call by call. Prints p50/p95/p99 and the ratio;
// exits 1 when p95 > 20 ms or the ratio at p95 > 1.5.
import crypto from "node:crypto";
import os from "node:os";
import { disconnectDb, platformDb } from "@articulate/db";
import { createTestDatabase } from "@articulate/db/testing";
import pg from "pg";
import { freeSlots } from "../src/availability";
import { checkAvailability, slotRulesFor } from "../src/calendar";
import { addDays, instantAt } from "../src/local-time";

const quick = process.env.BENCH_QUICK === "1";
const BOOKINGS = quick ? 2_000 : 10_000;
const OTHER_TENANTS = quick ? 20 : 100;
const SAMPLES = quick ? 200 : 1_000;
const TZ = "Australia/Sydney";
const NOW = instantAt("2026-11-30", 8 * 60, TZ)!;

const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number;
const stats = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99) };
};

async function seed(): Promise<{ tenantId: string; typeId: string }> {
  const hours = { open: "08:00", close: "18:00" };
  const schedule = { mon: [hours], tue: [hours], wed: [hours], thu: [hours], fri: [hours], sat: [hours] };
  let target: { tenantId: string; typeId: string } | null = null;
  for (let t = 0; t <= OTHER_TENANTS; t++) {
    const tenant = await platformDb().tenant.create({
      data: { slug: `bench-${t}-${crypto.randomUUID()}`, name: `Bench ${t}` },
    });
    const agent = await platformDb().agent.create({
      data: {
        tenantId: tenant.id,
        name: "Ava",
        greeting: "Hi",
        instructions: "-",
        businessHours: schedule,
        timezone: TZ,
      },
    });
    const type = await platformDb().appointmentType.create({
      data: {
        tenantId: tenant.id,
        agentId: agent.id,
        name: "Consult",
        durationMinutes: 30,
        bufferMinutes: 10,
        minNoticeMinutes: 0,
        maxDaysAhead: 365,
      },
    });
    // The measured business gets BOOKINGS over a year; the others 50 each.
    const count = t === 0 ? BOOKINGS : 50;
    const rows = Array.from({ length: count }, (_, i) => {
      const day = addDays("2026-12-01", i % 365);
      const start = instantAt(day, 8 * 60 + 30 * (Math.floor(i / 365) % 20), TZ)!;
      return {
        tenantId: tenant.id,
        appointmentTypeId: type.id,
        source: "DASHBOARD" as const,
        startsAt: start,
        endsAt: new Date(start.getTime() + 30 * 60_000),
        blockedUntil: new Date(start.getTime() + 40 * 60_000),
        callerName: `Caller ${i}`,
        callerPhone: `+614${String(10_000_000 + i).slice(-8)}`,
      };
    });
    for (let i = 0; i < rows.length; i += 2_000)
      await platformDb().booking.createMany({ data: rows.slice(i, i + 2_000) });
    if (t === 0) target = { tenantId: tenant.id, typeId: type.id };
  }
  return target!;
}

async function main() {
  const database = await createTestDatabase();
  process.env.DATABASE_URL = database.url;
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  try {
    const t0 = Date.now();
    const { tenantId, typeId } = await seed();
    await pool.query("VACUUM ANALYZE");
    console.log(
      `seeded ${BOOKINGS} bookings (+${OTHER_TENANTS * 50} elsewhere) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );

    const typeSql = {
      name: "bench_type",
      text: `SELECT t.id, t.name, t."durationMinutes", t."bufferMinutes", t."minNoticeMinutes", t."maxDaysAhead", t."openHours",
                    a.timezone, a."holidayRegion", a."businessHours", tn.timezone AS "tenantTimezone"
             FROM "AppointmentType" t LEFT JOIN "Agent" a ON a.id = t."agentId" JOIN "Tenant" tn ON tn.id = t."tenantId"
             WHERE t."tenantId" = $1 AND t.id = $2 AND t.active`,
    };
    const busySql = {
      name: "bench_busy",
      text: `SELECT "startsAt", "blockedUntil" FROM "Booking"
             WHERE "tenantId" = $1 AND status = 'CONFIRMED' AND "startsAt" < $3 AND "blockedUntil" > $2`,
    };
    const raw = async (fromDate: string) => {
      const { rows } = await pool.query({ ...typeSql, values: [tenantId, typeId] });
      const r = rows[0];
      const rules = slotRulesFor(
        { ...r, agent: { timezone: r.timezone, holidayRegion: r.holidayRegion, businessHours: r.businessHours } },
        r.tenantTimezone,
      );
      const from = instantAt(fromDate, 0, TZ)!;
      const to = instantAt(addDays(fromDate, 7), 0, TZ)!;
      const busy = await pool.query({
        ...busySql,
        values: [tenantId, new Date(from.getTime() - 86_400_000), new Date(to.getTime() + 86_400_000)],
      });
      return freeSlots(
        rules,
        busy.rows.map((b) => ({ start: b.startsAt, end: b.blockedUntil })),
        from,
        to,
        NOW,
      );
    };
    const real = (fromDate: string) =>
      checkAvailability({ tenantId, appointmentTypeId: typeId, fromDate, toDate: addDays(fromDate, 6) }, NOW);

    const weeks = Array.from({ length: 50 }, (_, i) => addDays("2026-12-01", i * 7));
    // Same answer before timing, so neither side can win by doing less.
    for (const w of weeks.slice(0, 5)) {
      const [a, b] = [await real(w), await raw(w)];
      if (a.slots.length !== b.length || a.slots.some((s, i) => s.start.getTime() !== b[i]!.start.getTime())) {
        throw new Error(`real and raw disagree for the week of ${w}: ${a.slots.length} vs ${b.length} slots`);
      }
    }
    for (let i = 0; i < 50; i++) await Promise.all([real(weeks[i % 50]!), raw(weeks[i % 50]!)]);
    const realMs: number[] = [];
    const rawMs: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const w = weeks[i % weeks.length]!;
      for (const [fn, out] of i % 2
        ? ([
            [raw, rawMs],
            [real, realMs],
          ] as const)
        : ([
            [real, realMs],
            [raw, rawMs],
          ] as const)) {
        const t = process.hrtime.bigint();
        await fn(w);
        out.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }
    const r = stats(realMs);
    const b = stats(rawMs);
    const ratio = r.p95 / b.p95;
    const ok = r.p95 <= 20 && ratio <= 1.5;
    const f = (s: { p50: number; p95: number; p99: number }) =>
      `${s.p50.toFixed(2)} / ${s.p95.toFixed(2)} / ${s.p99.toFixed(2)}`;
    console.log(
      `machine: ${os.cpus().length} vCPU, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
    );
    console.log(
      "| benchmark | n | real p50 / p95 / p99 (ms) | raw pg p50 / p95 / p99 (ms) | ratio at p95 | target | result |",
    );
    console.log("|---|---|---|---|---|---|---|");
    console.log(
      `| checkAvailability, one week (${BOOKINGS.toLocaleString("en-AU")} bookings) | ${SAMPLES} | ${f(r)} | ${f(b)} | ${ratio.toFixed(2)}× | p95 ≤ 20 ms, ≤ 1.5× raw | ${ok ? "pass" : "**miss**"} |`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await pool.end();
    await disconnectDb();
    await database.drop();
  }
}

await main();
