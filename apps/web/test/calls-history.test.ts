// Call history read model for the dashboard: transcript search scoped to the
// tenant, filters and keyset pages, CSV quoting, URL filter parsing.
import crypto from "node:crypto";
import { forTenant, platformDb } from "@articulate/db";
import { beforeAll, describe, expect, it } from "vitest";
import { csvCell, csvRow } from "@/modules/calls/lib/csv";
import { localDayStart, parseCallFilters } from "@/modules/calls/lib/filters";
import { CallHistoryError, loadCallHistory } from "@/modules/calls/lib/history";

const suffix = crypto.randomBytes(4).toString("hex");
let tenantA: string;
let tenantB: string;
const callIds: string[] = [];
let bCall: string;

async function addCall(tenantId: string, i: number, lines: string[]): Promise<string> {
  const started = new Date(Date.UTC(2026, 10, 10, 0, 0, i));
  const call = await forTenant(tenantId).call.create({
    data: {
      tenantId,
      direction: "INBOUND",
      fromNumber: "+61412345678",
      toNumber: "+61255501234",
      roomName: `room-${suffix}-${tenantId}-${i}`,
      status: "COMPLETED",
      startedAt: started,
    },
  });
  await forTenant(tenantId).transcriptSegment.createMany({
    data: lines.map((text, sequence) => ({
      tenantId,
      callId: call.id,
      sequence,
      speaker: sequence % 2 ? "CALLER" : "AGENT",
      text,
    })),
  });
  return call.id;
}

beforeAll(async () => {
  tenantA = (await platformDb().tenant.create({ data: { slug: `hist-a-${suffix}`, name: "A" } })).id;
  tenantB = (await platformDb().tenant.create({ data: { slug: `hist-b-${suffix}`, name: "B" } })).id;
  for (let i = 0; i < 5; i++) {
    callIds.push(
      await addCall(tenantA, i, [
        "Hello, how can I help?",
        i % 2 ? "I need to reschedule my appointment" : "What are your opening hours?",
      ]),
    );
  }
  bCall = await addCall(tenantB, 9, ["Hello", "I need to reschedule my appointment please"]);
});

describe("transcript search", () => {
  it("finds calls by stemmed words within the tenant only", async () => {
    const page = await loadCallHistory(tenantA, "Australia/Sydney", { q: "rescheduling appointments" }, 10);
    expect(page.items.map((c) => c.id).sort()).toEqual([callIds[1], callIds[3]].sort());
    expect(page.items.map((c) => c.id)).not.toContain(bCall);
  });
  it("matches substrings (numbers, partial words) and escapes LIKE wildcards", async () => {
    expect((await loadCallHistory(tenantA, "UTC", { q: "opening hou" }, 10)).items).toHaveLength(3);
    expect((await loadCallHistory(tenantA, "UTC", { q: "%" }, 10)).items).toHaveLength(0);
  });
  it("pages with a keyset cursor, newest first, without repeats", async () => {
    const first = await loadCallHistory(tenantA, "UTC", { q: "help" }, 2);
    expect(first.items.map((c) => c.id)).toEqual([callIds[4], callIds[3]]);
    const second = await loadCallHistory(tenantA, "UTC", { q: "help", after: first.nextCursor! }, 2);
    expect(second.items.map((c) => c.id)).toEqual([callIds[2], callIds[1]]);
    const third = await loadCallHistory(tenantA, "UTC", { q: "help", after: second.nextCursor! }, 2);
    expect(third.items.map((c) => c.id)).toEqual([callIds[0]]);
    expect(third.nextCursor).toBeNull();
  });
  it("rejects a forged cursor with a named error", async () => {
    await expect(loadCallHistory(tenantA, "UTC", { q: "help", after: "not-a-cursor" }, 2)).rejects.toBeInstanceOf(
      CallHistoryError,
    );
  });
  it("applies the agent filter: another tenant's agent id matches nothing", async () => {
    const agentB = await forTenant(tenantB).agent.create({
      data: { tenantId: tenantB, name: "x", greeting: "hi", instructions: "be nice" },
    });
    expect((await loadCallHistory(tenantA, "UTC", { agent: agentB.id }, 10)).items).toHaveLength(0);
  });
  it("without a search uses the shared keyset read model", async () => {
    const page = await loadCallHistory(tenantA, "UTC", {}, 3);
    expect(page.items).toHaveLength(3);
    expect(page.nextCursor).not.toBeNull();
  });
});

describe("filters from the URL", () => {
  it("keeps valid filters and names the bad ones", () => {
    const { filters, problems } = parseCallFilters({
      status: "COMPLETED",
      from: "yesterday",
      direction: "SIDEWAYS",
      q: "refund",
    });
    expect(filters).toMatchObject({ status: "COMPLETED", q: "refund" });
    expect(filters.from).toBeUndefined();
    expect(problems.map((p) => p.split(":")[0]).sort()).toEqual(["direction", "from"]);
  });
  it("treats the form's empty 'Any' choices as no filter (a search with Any agent still finds calls)", () => {
    const { filters, problems } = parseCallFilters({ q: "Hi, can I", agent: "", number: "", status: "", after: "" });
    expect(filters).toEqual(expect.objectContaining({ q: "Hi, can I" }));
    expect([filters.agent, filters.number, filters.status, filters.after]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(problems).toEqual([]);
  });
  it("reads days as dd/mm/yyyy (and yyyy-mm-dd from older links); refuses impossible dates", () => {
    expect(parseCallFilters({ from: "31/10/2026", to: "1/11/2026" }).filters).toMatchObject({
      from: "2026-10-31",
      to: "2026-11-01",
    });
    expect(parseCallFilters({ from: "2026-10-31" }).filters.from).toBe("2026-10-31");
    const bad = parseCallFilters({ from: "31/02/2026", to: "10/31/2026" });
    expect([bad.filters.from, bad.filters.to]).toEqual([undefined, undefined]);
    expect(bad.problems.join(" ")).toMatch(/dd\/mm\/yyyy/);
  });
  it("turns a local day into the instant of its midnight", () => {
    expect(localDayStart("2026-01-15", "Australia/Sydney").toISOString()).toBe("2026-01-14T13:00:00.000Z"); // AEDT +11
    expect(localDayStart("2026-07-15", "Australia/Sydney").toISOString()).toBe("2026-07-14T14:00:00.000Z"); // AEST +10
  });
});

describe("CSV", () => {
  it("quotes per RFC 4180 and defuses spreadsheet formulas", () => {
    expect(csvCell('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell(null)).toBe("");
    expect(csvRow(["a", 1, new Date("2026-01-01T00:00:00Z")])).toBe("a,1,2026-01-01T00:00:00.000Z\r\n");
  });
});
