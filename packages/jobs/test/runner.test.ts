// The job system on real PostgreSQL: retries, dead letters visible to the
// admin view, retry from the dead-letter queue, and recurring jobs sent once
// per slot even with two runners.
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob, type JobRunner, openJobAdmin, type RegisteredJob, startJobRunner } from "../src/index";

const databaseUrl = process.env.DATABASE_URL as string;
const runners: JobRunner[] = [];

afterAll(async () => {
  for (const r of runners) await r.stop();
});

async function waitFor<T>(read: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("job runner", () => {
  it("retries a failing job, dead-letters it after its last retry, and an admin retry runs it again", async () => {
    const attempts: Record<string, number> = {};
    let healthy = false;
    const jobs: RegisteredJob[] = [
      defineJob({
        name: "test.flaky",
        description: "fails twice, then succeeds",
        data: z.object({ key: z.string() }),
        retry: { limit: 3, delaySeconds: 0, backoff: false },
        async run({ key }) {
          attempts[key] = (attempts[key] ?? 0) + 1;
          if ((attempts[key] ?? 0) < 3) throw new Error("not yet");
        },
      }),
      defineJob({
        name: "test.broken",
        description: "fails until repaired",
        retry: { limit: 1, delaySeconds: 0, backoff: false },
        async run() {
          if (!healthy) throw new Error("downstream unavailable");
        },
      }),
    ];
    const runner = await startJobRunner({ databaseUrl, jobs, pollingIntervalSeconds: 0.5, log: () => {} });
    runners.push(runner);
    await runner.send("test.flaky", { key: "a" });
    await waitFor(
      () => attempts.a ?? 0,
      (n) => n === 3,
    );

    await runner.send("test.broken", {});
    const admin = await openJobAdmin(databaseUrl, jobs);
    try {
      const dead = await waitFor(
        () => admin.deadJobs(),
        (d) => d.length === 1,
      );
      expect(dead[0]).toMatchObject({ queue: "test.broken", error: "downstream unavailable" });
      const broken = (await admin.queues()).find((q) => q.name === "test.broken");
      expect(broken).toMatchObject({ dead: 1, retryPolicy: "1 retries, 0 s" });

      healthy = true;
      expect(await admin.retry("test.broken", dead[0]!.id)).toBe(true);
      await waitFor(
        () => admin.deadJobs(),
        (d) => d.length === 0,
      );
      await waitFor(
        async () => (await admin.queues()).find((q) => q.name === "test.broken"),
        (q) => q?.ready === 0 && q?.active === 0,
      );
      expect(await admin.retry("test.broken", dead[0]!.id)).toBe(false);
    } finally {
      await admin.close();
    }
  });

  it("sends a recurring job once per slot across two runners", async () => {
    let runs = 0;
    const jobs: RegisteredJob[] = [
      defineJob({
        name: "test.every",
        description: "counts",
        everySeconds: 3600,
        retry: { limit: 0, delaySeconds: 0, backoff: false },
        async run() {
          runs += 1;
        },
      }),
    ];
    const a = await startJobRunner({ databaseUrl, jobs, pollingIntervalSeconds: 0.5, log: () => {} });
    const b = await startJobRunner({ databaseUrl, jobs, pollingIntervalSeconds: 0.5, log: () => {} });
    runners.push(a, b);
    await a.tick();
    await b.tick();
    await waitFor(
      () => runs,
      (n) => n >= 1,
    );
    const admin = await openJobAdmin(databaseUrl, jobs);
    try {
      await waitFor(
        async () => (await admin.queues())[0],
        (q) => q?.ready === 0 && q?.active === 0,
      );
    } finally {
      await admin.close();
    }
    expect(runs).toBe(1);
  });
});
