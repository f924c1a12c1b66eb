import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallListQueryError, disconnectDb, listTenantCalls, platformDb } from "../src/index";

const suffix = Math.random().toString(36).slice(2, 8);
let tenantA = "";
let tenantB = "";
let agentA = "";
const T0 = Date.UTC(2026, 9, 1, 0, 0, 0);
type Expected = { id: string; startedAt: number };
const expected: Expected[] = [];

beforeAll(async () => {
  const p = platformDb();
  tenantA = (await p.tenant.create({ data: { slug: `calls-a-${suffix}`, name: "Calls A" } })).id;
  tenantB = (await p.tenant.create({ data: { slug: `calls-b-${suffix}`, name: "Calls B" } })).id;
  agentA = (await p.agent.create({ data: { tenantId: tenantA, name: "A", greeting: "g", instructions: "i" } })).id;
  // 230 calls over only 7 distinct timestamps: pages must break ties by id.
  const rows = Array.from({ length: 230 }, (_, i) => {
    const startedAt = new Date(T0 + (i % 7) * 60_000);
    return {
      id: `c${suffix}${String(i).padStart(4, "0")}${String.fromCharCode(97 + (i % 26))}`,
      tenantId: tenantA,
      agentId: i % 2 === 0 ? agentA : null,
      direction: i % 5 === 0 ? ("OUTBOUND" as const) : ("INBOUND" as const),
      status: i % 3 === 0 ? ("NO_ANSWER" as const) : ("COMPLETED" as const),
      fromNumber: "+61400000000",
      toNumber: "+61255500000",
      roomName: `call-${suffix}-a-${i}`,
      startedAt,
    };
  });
  await p.call.createMany({ data: rows });
  for (const r of rows) expected.push({ id: r.id, startedAt: r.startedAt.getTime() });
  expected.sort((x, y) => y.startedAt - x.startedAt || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0));
  // Tenant B's calls share A's timestamps; they must never appear in A's pages.
  await p.call.createMany({
    data: Array.from({ length: 40 }, (_, i) => ({
      tenantId: tenantB,
      direction: "INBOUND" as const,
      fromNumber: "+61400000001",
      toNumber: "+61255500001",
      roomName: `call-${suffix}-b-${i}`,
      startedAt: new Date(T0 + (i % 7) * 60_000),
    })),
  });
});
afterAll(() => disconnectDb());

async function collect(opts: Omit<Parameters<typeof listTenantCalls>[1], "after">, tenantId = tenantA) {
  const ids: string[] = [];
  let after: string | undefined;
  let pages = 0;
  do {
    const page = await listTenantCalls(tenantId, { ...opts, after });
    ids.push(...page.items.map((c) => c.id));
    after = page.nextCursor ?? undefined;
    pages++;
    expect(pages).toBeLessThan(500);
  } while (after);
  return { ids, pages };
}

describe("listTenantCalls", () => {
  it("walks every page in (startedAt desc, id desc) order with equal timestamps, no gaps or repeats", async () => {
    const { ids, pages } = await collect({ limit: 9 });
    expect(ids).toEqual(expected.map((e) => e.id));
    expect(pages).toBe(Math.ceil(230 / 9));
  });

  it("returns nextCursor null on the last page and exact page sizes", async () => {
    const first = await listTenantCalls(tenantA, { limit: 100 });
    expect(first.items).toHaveLength(100);
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = await listTenantCalls(tenantA, { limit: 100, after: first.nextCursor ?? undefined });
    const third = await listTenantCalls(tenantA, { limit: 100, after: second.nextCursor ?? undefined });
    expect(third.items).toHaveLength(30);
    expect(third.nextCursor).toBeNull();
  });

  it("only ever returns the tenant's own calls", async () => {
    const { ids } = await collect({ limit: 100 }, tenantB);
    expect(ids).toHaveLength(40);
    expect(ids.some((id) => id.startsWith(`c${suffix}`))).toBe(false);
  });

  it("filters by direction, status, agent and time range across pages", async () => {
    const out = await collect({ limit: 7, direction: "OUTBOUND", status: "NO_ANSWER" });
    expect(out.ids).toEqual(
      expected
        .filter((e) => Number(e.id.slice(7, 11)) % 5 === 0 && Number(e.id.slice(7, 11)) % 3 === 0)
        .map((e) => e.id),
    );
    const byAgent = await collect({ limit: 50, agentId: agentA });
    expect(byAgent.ids).toHaveLength(115);
    const from = new Date(T0 + 2 * 60_000);
    const to = new Date(T0 + 4 * 60_000);
    const ranged = await collect({ limit: 11, from, to });
    expect(ranged.ids).toEqual(
      expected.filter((e) => e.startedAt >= from.getTime() && e.startedAt < to.getTime()).map((e) => e.id),
    );
  });

  it("rejects a bad cursor with a typed error naming the field", async () => {
    const bad = [
      "!!!",
      Buffer.from("not json").toString("base64url"),
      Buffer.from(JSON.stringify({ s: "yesterday", i: "x" })).toString("base64url"),
      Buffer.from(JSON.stringify({ s: new Date().toISOString() })).toString("base64url"),
      "A".repeat(300),
    ];
    for (const after of bad) {
      const err = await listTenantCalls(tenantA, { limit: 10, after }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CallListQueryError);
      expect((err as CallListQueryError).field).toBe("after");
    }
  });

  it("rejects bad options with the field named", async () => {
    for (const limit of [0, 101, 2.5]) {
      const err = await listTenantCalls(tenantA, { limit }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CallListQueryError);
      expect((err as CallListQueryError).field).toBe("limit");
    }
    // @ts-expect-error invalid enum on purpose
    const err = await listTenantCalls(tenantA, { limit: 5, status: "EXPLODED" }).catch((e: unknown) => e);
    expect((err as CallListQueryError).field).toBe("status");
    const range = await listTenantCalls(tenantA, { limit: 5, from: new Date(T0), to: new Date(T0 - 1) }).catch(
      (e: unknown) => e,
    );
    expect((range as CallListQueryError).field).toBe("to");
  });
});
