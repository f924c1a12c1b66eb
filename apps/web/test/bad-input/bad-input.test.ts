// The bad-input suite: every /api/v1 operation (taken from the OpenAPI
// operation list) and every server action (from server-actions.list.ts) gets a
// hostile corpus. For each request: never a 500, a 4xx names the field where
// the value broke the text rule, nothing is written when the answer is an
// error, and the other tenant's rows never change.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { bookAppointment, createAppointmentType } from "@articulate/booking";
import { platformDb } from "@articulate/db";
import { addTextDocument, createFaqEntry } from "@articulate/knowledge";
import { createWebhookEndpoint } from "@articulate/webhooks";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { type ListedAction, SERVER_ACTIONS } from "./server-actions.list";

const session = vi.hoisted(() => ({ user: null as null | Record<string, unknown> }));
vi.mock("@/lib/authz/session", () => ({ getSessionUser: async () => session.user }));
vi.mock("@/lib/mail", () => ({ sendMail: vi.fn(async () => undefined) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers(),
  cookies: async () => ({ set: () => undefined, get: () => undefined, delete: () => undefined }),
}));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
vi.mock("@/lib/auth", () => ({
  auth: async () => null,
  signIn: async () => undefined,
  signOut: async () => undefined,
  oauthProviders: () => [],
}));
vi.mock("next/navigation", async () => await import("../support/next-navigation"));

const { API_OPERATIONS } = await import("@/modules/public-api/operations");
const { callApi, createApiTenant } = await import("../api-fixtures");
const routes: Record<string, Record<string, unknown>> = {
  "/calls": await import("@/app/api/v1/calls/route"),
  "/calls/{id}": await import("@/app/api/v1/calls/[id]/route"),
  "/calls/{id}/recording": await import("@/app/api/v1/calls/[id]/recording/route"),
  "/agents": await import("@/app/api/v1/agents/route"),
  "/agents/{id}": await import("@/app/api/v1/agents/[id]/route"),
  "/numbers": await import("@/app/api/v1/numbers/route"),
  "/account/usage": await import("@/app/api/v1/account/usage/route"),
  "/messages": await import("@/app/api/v1/messages/route"),
  "/messages/{id}": await import("@/app/api/v1/messages/[id]/route"),
  "/agents/{id}/faq": await import("@/app/api/v1/agents/[id]/faq/route"),
  "/faq/{id}": await import("@/app/api/v1/faq/[id]/route"),
  "/agents/{id}/knowledge-sources": await import("@/app/api/v1/agents/[id]/knowledge-sources/route"),
  "/knowledge-sources/{id}": await import("@/app/api/v1/knowledge-sources/[id]/route"),
  "/knowledge-sources/{id}/import": await import("@/app/api/v1/knowledge-sources/[id]/import/route"),
  "/appointment-types": await import("@/app/api/v1/appointment-types/route"),
  "/bookings": await import("@/app/api/v1/bookings/route"),
  "/bookings/{id}": await import("@/app/api/v1/bookings/[id]/route"),
  "/bookings/{id}/cancel": await import("@/app/api/v1/bookings/[id]/cancel/route"),
};

/** A whole hour some days ahead: on every appointment type's quarter-hour grid, past its notice. */
const wholeHourAhead = (days: number) => new Date(Math.ceil((Date.now() + days * 86_400_000) / 3_600_000) * 3_600_000);

type Tenant = Awaited<ReturnType<typeof createApiTenant>>;
let a: Tenant;
let b: Tenant;
let ids: Record<string, Record<string, string>>;

/** Every text-rule violation must be a 400 naming the field. */
const TEXT_RULE = ["a\u0000b", "bad \ud800 text", "x".repeat(25_000)];
/** A URL cannot carry a lone surrogate (it arrives as U+FFFD), so queries get the other two. */
const QUERY_TEXT_RULE = TEXT_RULE.filter((v) => !v.includes("\ud800"));
/** Values that may be valid or not, but must never be a 500 or a partial write. */
const HOSTILE = [
  "",
  " ",
  "\u202eevil\u200b\u200d",
  "-1",
  "0",
  "1e308",
  "99999999999999999999999",
  "+61190012345",
  "0400",
  "1900-01-01T00:00:00Z",
  "9999-12-31T23:59:59Z",
  "null",
  "[]",
];
const HOSTILE_JSON: unknown[] = [null, true, -1, 0, 1e308, [], {}, ["a"], { $gt: "" }];

/** Row counts, minus the kinds an error may change by design. */
function sameRows(before: string, after: string, except: string[] = []): boolean {
  const drop = (j: string) => JSON.stringify({ ...JSON.parse(j), ...Object.fromEntries(except.map((k) => [k, 0])) });
  return drop(before) === drop(after);
}

async function rowCounts(tenantId: string): Promise<string> {
  const rows = await platformDb().$queryRawUnsafe<Record<string, bigint>[]>(
    `SELECT
      (SELECT count(*) FROM "Agent" WHERE "tenantId" = $1) AS agents,
      (SELECT count(*) FROM "Agent" WHERE "tenantId" = $1 AND "archivedAt" IS NULL) AS live_agents,
      (SELECT count(*) FROM "PhoneNumber" WHERE "tenantId" = $1) AS numbers,
      (SELECT count(*) FROM "Call" WHERE "tenantId" = $1) AS calls,
      (SELECT count(*) FROM "Message" WHERE "tenantId" = $1) AS messages,
      (SELECT count(*) FROM "ApiKey" WHERE "tenantId" = $1 AND "revokedAt" IS NULL) AS keys,
      (SELECT count(*) FROM "Membership" WHERE "tenantId" = $1) AS members,
      (SELECT count(*) FROM "Invitation" WHERE "tenantId" = $1 AND "revokedAt" IS NULL) AS invitations,
      (SELECT count(*) FROM "WebhookEndpoint" WHERE "tenantId" = $1) AS endpoints,
      (SELECT count(*) FROM "WebhookDelivery" WHERE "tenantId" = $1) AS deliveries,
      (SELECT count(*) FROM "FaqEntry" WHERE "tenantId" = $1) AS faq,
      (SELECT count(*) FROM "KnowledgeSource" WHERE "tenantId" = $1) AS sources,
      (SELECT count(*) FROM "AppointmentType" WHERE "tenantId" = $1) AS appointment_types,
      (SELECT count(*) FROM "Booking" WHERE "tenantId" = $1) AS bookings,
      (SELECT count(*) FROM "Booking" WHERE "tenantId" = $1 AND "status" = 'CONFIRMED') AS confirmed_bookings,
      (SELECT count(*) FROM "User") AS users`,
    tenantId,
  );
  return JSON.stringify(rows[0], (_k, v) => (typeof v === "bigint" ? Number(v) : v));
}

async function tenantWithEverything(label: string) {
  const t = await createApiTenant(label);
  const user = await platformDb().user.create({
    data: { email: `${label}-${crypto.randomBytes(4).toString("hex")}@test.local`, isPlatformAdmin: true },
  });
  const owner = await platformDb().membership.create({
    data: { tenantId: t.tenant.id, userId: user.id, role: "OWNER" },
  });
  const other = await platformDb().user.create({
    data: { email: `m-${crypto.randomBytes(4).toString("hex")}@test.local` },
  });
  const membership = await platformDb().membership.create({
    data: { tenantId: t.tenant.id, userId: other.id, role: "MEMBER" },
  });
  const invitation = await platformDb().invitation.create({
    data: {
      tenantId: t.tenant.id,
      email: `i-${crypto.randomBytes(4).toString("hex")}@test.local`,
      tokenHash: crypto.randomBytes(16).toString("hex"),
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  const { endpoint } = await createWebhookEndpoint(
    t.tenant.id,
    { url: "https://hooks.example.test/in" },
    { actorType: "system" },
  );
  const delivery = await platformDb().webhookDelivery.create({
    data: { tenantId: t.tenant.id, endpointId: endpoint.id, eventId: "evt_x", eventType: "call.started", payload: {} },
  });
  const faq = await createFaqEntry(t.tenant.id, t.agent.id, { question: "Is there parking?", answer: "Yes." });
  const source = await addTextDocument(t.tenant.id, t.agent.id, { title: "Prices", text: "A check-up is $120." });
  const appointmentType = await createAppointmentType(t.tenant.id, {
    name: "Check-up",
    agentId: t.agent.id,
    durationMinutes: 30,
  });
  const booking = await bookAppointment({
    tenantId: t.tenant.id,
    appointmentTypeId: appointmentType.id,
    start: wholeHourAhead(2),
    callerName: "Ann",
    callerPhone: "+61400000002",
    source: "DASHBOARD",
  });
  return {
    t,
    user: { id: user.id, email: user.email, name: null, emailVerified: null, isPlatformAdmin: true },
    owner,
    ids: {
      agent: t.agent.id,
      number: t.number.id,
      apiKey: t.key.id,
      membership: membership.id,
      invitation: invitation.id,
      endpoint: endpoint.id,
      delivery: delivery.id,
      tenant: t.tenant.id,
      faq: faq.id,
      source: source.id,
      appointmentType: appointmentType.id,
      booking: booking.id,
    },
  };
}

let aUser: Record<string, unknown>;
beforeAll(async () => {
  process.env.API_RATE_LIMIT_BURST = "1000"; // the configured maximum; the per-minute refill keeps it full
  process.env.API_RATE_LIMIT_PER_MINUTE = "100000000";
  const [ta, tb] = await Promise.all([tenantWithEverything("bad-a"), tenantWithEverything("bad-b")]);
  a = ta.t;
  b = tb.t;
  aUser = ta.user;
  ids = { a: ta.ids, b: tb.ids };
});
afterAll(() => {
  delete process.env.API_RATE_LIMIT_BURST;
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
});

const problems: string[] = [];
function check(ok: boolean, what: string): void {
  if (!ok) problems.push(what);
}

describe("every /api/v1 operation", () => {
  const sampleBodies: Record<string, Record<string, unknown>> = {
    createAgent: { name: "Desk", greeting: "Hello", instructions: "Help" },
    updateAgent: { name: "Desk 2" },
    createOutboundCall: { agentId: "", fromNumberId: "", to: "+61255501234" },
    createFaqEntry: { question: "Do you open on Saturdays?", answer: "Yes, 9 to 12." },
    updateFaqEntry: { answer: "Yes, behind the clinic." },
    createKnowledgeSource: { type: "text", title: "Price list", text: "A clean is $90." },
    updateMessage: { note: "Called back" },
    createBooking: {
      appointmentTypeId: "",
      start: wholeHourAhead(3).toISOString(),
      callerName: "Priya Shah",
      callerPhone: "0412 345 678",
      reason: "Sore tooth",
      answers: { new_patient: "yes" },
    },
  };

  it("has a route handler and (for bodies) a sample for each operation in the OpenAPI list", () => {
    for (const op of API_OPERATIONS) {
      expect(routes[op.path]?.[op.method.toUpperCase()], `${op.method} ${op.path}`).toBeTypeOf("function");
      if (op.body) expect(sampleBodies[op.operationId], op.operationId).toBeDefined();
    }
  });

  it("answers the hostile corpus with a 4xx naming the field, never a 500, and writes nothing on an error", async () => {
    let requests = 0;
    const bBefore = await rowCounts(b.tenant.id);
    for (const op of API_OPERATIONS) {
      const handler = routes[op.path]![op.method.toUpperCase()] as Parameters<typeof callApi>[0];
      const idFor = (tenant: "a" | "b") =>
        op.path.startsWith("/calls/")
          ? tenant === "a"
            ? a.call.id
            : b.call.id
          : op.path.startsWith("/faq/")
            ? ids[tenant]!.faq!
            : op.path.startsWith("/knowledge-sources/")
              ? ids[tenant]!.source!
              : op.path.startsWith("/bookings/")
                ? ids[tenant]!.booking!
                : ids[tenant]!.agent!;
      const send = async (
        label: string,
        opts: { query?: Record<string, string>; body?: unknown; rawBody?: string; id?: string; badField?: string },
      ) => {
        const id = opts.id ?? idFor("a");
        const qs = opts.query ? `?${new URLSearchParams(opts.query)}` : "";
        const before = await rowCounts(a.tenant.id);
        const res = await callApi(handler, {
          key: a.secret,
          method: op.method.toUpperCase(),
          path: `${op.path.replace("{id}", encodeURIComponent(id))}${qs}`,
          params: { id },
          ...(opts.rawBody !== undefined ? { rawBody: opts.rawBody } : op.body ? { body: opts.body } : {}),
        });
        requests++;
        const where = `${op.operationId} ${label}`;
        check(res.status < 500, `${where}: ${res.status}`);
        if (res.status >= 400)
          check((await rowCounts(a.tenant.id)) === before, `${where}: rows changed on ${res.status}`);
        if (opts.badField) {
          const fields = ((res.json?.error?.details?.fields ?? []) as { field: string }[]).map((f) => f.field);
          check(
            res.status === 400 && fields.includes(opts.badField),
            `${where}: expected 400 naming ${opts.badField}, got ${res.status} ${JSON.stringify(fields)}`,
          );
        }
        return res;
      };
      const queryShape = op.query ? Object.keys((op.query as z.ZodObject).shape) : [];
      const sample = op.body ? { ...sampleBodies[op.operationId] } : undefined;
      if (sample && "agentId" in sample) Object.assign(sample, { agentId: a.agent.id, fromNumberId: a.number.id });
      if (sample && "appointmentTypeId" in sample) sample.appointmentTypeId = ids.a!.appointmentType!;

      // Other tenants' ids in the path.
      if (op.path.includes("{id}")) {
        const res = await send("other tenant's id", { id: idFor("b"), body: sample });
        check(res.status === 404, `${op.operationId}: other tenant's id answered ${res.status}`);
        await send("empty id", { id: "", body: sample });
        await send("NUL id", { id: "a\u0000b", body: sample });
      }
      for (const name of queryShape) {
        for (const v of QUERY_TEXT_RULE)
          await send(`query ${name}=${JSON.stringify(v.slice(0, 12))}`, { query: { [name]: v }, badField: name });
        for (const v of HOSTILE) await send(`query ${name}=${JSON.stringify(v)}`, { query: { [name]: v } });
      }
      await send("unknown query field", { query: { bogus: "1" }, body: sample, badField: "bogus" });
      if (!sample) continue;
      await send("malformed JSON", { rawBody: "{nope" });
      await send("JSON null", { rawBody: "null" });
      await send("JSON array", { rawBody: "[1,2]" });
      await send("empty body", { rawBody: "" });
      await send("missing fields", { body: {} });
      await send("extra field", { body: { ...sample, tenantId: ids.b!.tenant }, badField: "tenantId" });
      for (const field of Object.keys(sample)) {
        for (const v of TEXT_RULE)
          await send(`${field}=${JSON.stringify(v.slice(0, 12))}`, {
            body: { ...sample, [field]: v },
            badField: field,
          });
        for (const v of [...HOSTILE, ...HOSTILE_JSON])
          await send(`${field}=${JSON.stringify(v)}`, { body: { ...sample, [field]: v } });
        await send(`${field} of the other tenant`, { body: { ...sample, [field]: ids.b!.agent } });
      }
    }
    expect(problems).toEqual([]);
    // The other tenant is untouched (users are global: a successful sign-up adds one).
    expect(sameRows(bBefore, await rowCounts(b.tenant.id), ["users"])).toBe(true);
    expect(requests).toBeGreaterThan(300);
  }, 600_000);
});

describe("every server action", () => {
  it("is listed in server-actions.list.ts (a new action without a list entry fails here)", async () => {
    const modulesDir = path.resolve(import.meta.dirname, "../../src/modules");
    const files = fs
      .readdirSync(modulesDir, { recursive: true, encoding: "utf8" })
      .filter((f) => /(^|\/)actions\.ts$/.test(f));
    const listed = new Set(SERVER_ACTIONS.map((x) => `${x.module}#${x.name}`));
    const exported: string[] = [];
    for (const file of files) {
      const mod = (await import(path.join(modulesDir, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod))
        if (typeof value === "function") exported.push(`${file.replace(/\.ts$/, "")}#${name}`);
    }
    expect(exported.filter((e) => !listed.has(e))).toEqual([]);
    expect([...listed].filter((l) => !exported.includes(l))).toEqual([]);
  });

  it("answers the hostile corpus with field errors, never a 500, and writes nothing on an error", async () => {
    const bBefore = await rowCounts(b.tenant.id);
    let calls = 0;
    for (const entry of SERVER_ACTIONS) {
      const mod = (await import(`@/modules/${entry.module}`)) as Record<string, unknown>;
      const action = mod[entry.name] as (prev: unknown, input?: Record<string, unknown>) => Promise<unknown>;
      session.user = entry.access === "public" ? null : aUser;
      const base = sampleFor(entry, "a");
      const run = async (label: string, input: Record<string, unknown>, badField?: string) => {
        const before = await rowCounts(a.tenant.id);
        let result: { status?: string; code?: number; fieldErrors?: Record<string, string> } | undefined;
        try {
          result = (await action({ status: "idle" }, { slug: a.tenant.slug, ...input })) as typeof result;
        } catch (err) {
          // Next's control flow (redirect after success, notFound, forbidden) is not a failure.
          if (!(err instanceof Error && err.message.startsWith("NEXT_"))) {
            check(false, `${entry.name} ${label}: threw ${String(err)}`);
            return;
          }
        }
        calls++;
        const where = `${entry.name} ${label}`;
        check(!(result?.status === "error" && result.code === 500), `${where}: 500`);
        if (result?.status === "error")
          check(sameRows(before, await rowCounts(a.tenant.id), entry.errorMayWrite), `${where}: rows changed on error`);
        if (badField)
          check(
            result?.status === "error" && result.code === 400 && !!result.fieldErrors?.[badField],
            `${where}: expected a field error on ${badField}, got ${JSON.stringify(result)?.slice(0, 200)}`,
          );
      };
      await run("missing fields", {});
      await run("extra field", { ...base, tenantId: ids.b!.tenant });
      for (const field of Object.keys(base)) {
        for (const v of TEXT_RULE)
          await run(`${field}=${JSON.stringify(v.slice(0, 12))}`, { ...base, [field]: v }, field);
        for (const v of HOSTILE) await run(`${field}=${JSON.stringify(v)}`, { ...base, [field]: v });
        const kind = entry.idOf?.[field];
        if (kind) await run(`${field} of the other tenant`, { ...base, [field]: ids.b![kind] });
      }
    }
    expect(problems).toEqual([]);
    // The other tenant is untouched (users are global: a successful sign-up adds one).
    expect(sameRows(bBefore, await rowCounts(b.tenant.id), ["users"])).toBe(true);
    expect(calls).toBeGreaterThan(300);
  }, 600_000);
});

function sampleFor(entry: ListedAction, tenant: "a" | "b"): Record<string, string> {
  const out = { ...entry.fields };
  for (const [field, kind] of Object.entries(entry.idOf ?? {})) out[field] = ids[tenant]![kind]!;
  if ("tenantId" in out) out.tenantId = ids[tenant]!.tenant!;
  return out;
}
