// Public REST API: keys, tenant isolation, validation, rate limiting, and the
// OpenAPI document, with the route handlers called directly (real PostgreSQL).
import fs from "node:fs";
import path from "node:path";
import { getCurrentPlan } from "@articulate/billing";
import { forTenant, platformDb } from "@articulate/db";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import * as accountUsageRoute from "@/app/api/v1/account/usage/route";
import * as agentRoute from "@/app/api/v1/agents/[id]/route";
import * as agentsRoute from "@/app/api/v1/agents/route";
import * as callRoute from "@/app/api/v1/calls/[id]/route";
import * as callsRoute from "@/app/api/v1/calls/route";
import * as messagesRoute from "@/app/api/v1/messages/route";
import * as numbersRoute from "@/app/api/v1/numbers/route";
import * as openapiRoute from "@/app/api/v1/openapi.json/route";
import { revokeApiKey } from "@/modules/api-keys/keys";
import {
  accountUsageSchema,
  callDetailSchema,
  callPageSchema,
  messagePageSchema,
  phoneNumberListSchema,
} from "@/modules/public-api/schemas";
import { callApi, createApiTenant } from "./api-fixtures";

let a: Awaited<ReturnType<typeof createApiTenant>>;
let b: Awaited<ReturnType<typeof createApiTenant>>;

beforeAll(async () => {
  a = await createApiTenant("api-a");
  b = await createApiTenant("api-b");
});

afterEach(() => {
  delete process.env.API_RATE_LIMIT_BURST;
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
});

describe("API keys", () => {
  it("refuses a missing, malformed, unknown or revoked key with 401 and the error shape", async () => {
    const missing = await callApi(callsRoute.GET, { key: null, path: "/calls" });
    expect(missing.status).toBe(401);
    expect(missing.json).toEqual({
      error: { code: "unauthorized", message: expect.stringContaining("Authorization: Bearer") },
    });
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);

    expect((await callApi(callsRoute.GET, { key: "not-a-key", path: "/calls" })).status).toBe(401);
    const forged = `${a.secret.slice(0, -4)}AAAA`;
    const unknown = await callApi(callsRoute.GET, { key: forged, path: "/calls" });
    expect(unknown.json?.error).toEqual({ code: "unauthorized", message: "Invalid API key" });

    const extra = await createApiTenant("api-revoke");
    expect((await callApi(numbersRoute.GET, { key: extra.secret, path: "/numbers" })).status).toBe(200);
    expect(await revokeApiKey(extra.tenant.id, extra.key.id, null)).toBe(true);
    const revoked = await callApi(numbersRoute.GET, { key: extra.secret, path: "/numbers" });
    expect(revoked.status).toBe(401);
    expect(revoked.json?.error.message).toBe("This API key has been revoked");
    // Another tenant cannot revoke a key it does not own.
    expect(await revokeApiKey(b.tenant.id, a.key.id, null)).toBe(false);
  });

  it("stores only the prefix and a hash, and records lastUsedAt", async () => {
    const row = await platformDb().apiKey.findUniqueOrThrow({ where: { id: a.key.id } });
    expect(a.secret.startsWith(`${row.prefix}_`)).toBe(true);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(a.secret.slice(row.prefix.length + 1));
    await callApi(numbersRoute.GET, { key: a.secret, path: "/numbers" });
    const used = await platformDb().apiKey.findUniqueOrThrow({ where: { id: a.key.id } });
    expect(used.lastUsedAt).not.toBeNull();
  });
});

describe("tenant isolation", () => {
  it("reads only the key's tenant and answers 404 for another tenant's ids", async () => {
    const list = await callApi(callsRoute.GET, { key: a.secret, path: "/calls" });
    expect(list.status).toBe(200);
    expect(callPageSchema.parse(list.json).data.map((c) => c.id)).toEqual([a.call.id]);

    const own = await callApi(callRoute.GET, { key: a.secret, path: `/calls/${a.call.id}`, params: { id: a.call.id } });
    const detail = callDetailSchema.parse(own.json);
    expect(detail.transcript.map((t) => t.text)).toEqual(["Hi there", "Hello"]);
    expect(detail.messages[0]?.reason).toBe("Book a clean");

    const foreignCall = await callApi(callRoute.GET, {
      key: a.secret,
      path: `/calls/${b.call.id}`,
      params: { id: b.call.id },
    });
    expect(foreignCall.status).toBe(404);
    expect(foreignCall.json?.error.code).toBe("not_found");

    for (const [handler, method, body] of [
      [agentRoute.GET, "GET", undefined],
      [agentRoute.PATCH, "PATCH", { name: "Hijacked" }],
      [agentRoute.DELETE, "DELETE", undefined],
    ] as const) {
      const r = await callApi(handler, {
        key: a.secret,
        method,
        path: `/agents/${b.agent.id}`,
        params: { id: b.agent.id },
        body,
      });
      expect(r.status, `${method} another tenant's agent`).toBe(404);
    }
    const untouched = await forTenant(b.tenant.id).agent.findFirstOrThrow({ where: { id: b.agent.id } });
    expect(untouched).toMatchObject({ name: "Front desk", archivedAt: null });

    const numbers = phoneNumberListSchema.parse(
      (await callApi(numbersRoute.GET, { key: a.secret, path: "/numbers" })).json,
    );
    expect(numbers.data.map((n) => n.id)).toEqual([a.number.id]);
    const messages = messagePageSchema.parse(
      (await callApi(messagesRoute.GET, { key: a.secret, path: "/messages" })).json,
    );
    expect(messages.data.map((m) => m.id)).toEqual([a.message.id]);
  });
});

describe("agents CRUD and validation", () => {
  it("creates, reads, updates and archives an agent", async () => {
    const created = await callApi(agentsRoute.POST, {
      key: a.secret,
      method: "POST",
      path: "/agents",
      body: {
        name: "After hours",
        greeting: "Hi, you've reached us after hours",
        instructions: "Take a message for the morning team",
        businessHours: { mon: [{ open: "09:00", close: "17:00" }] },
      },
    });
    expect(created.status).toBe(201);
    const id = created.json?.id as string;
    expect(created.json).toMatchObject({
      name: "After hours",
      timezone: "Australia/Sydney",
      businessHours: { mon: [{ open: "09:00", close: "17:00" }] },
    });

    const patched = await callApi(agentRoute.PATCH, {
      key: a.secret,
      method: "PATCH",
      path: `/agents/${id}`,
      params: { id },
      body: { businessHours: null, transferNumber: "+61255509999" },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ businessHours: null, transferNumber: "+61255509999" });

    const listed = await callApi(agentsRoute.GET, { key: a.secret, path: "/agents" });
    expect(((listed.json?.data ?? []) as { id: string }[]).map((x) => x.id)).toContain(id);

    const del = await callApi(agentRoute.DELETE, {
      key: a.secret,
      method: "DELETE",
      path: `/agents/${id}`,
      params: { id },
    });
    expect(del.status).toBe(204);
    expect((await callApi(agentRoute.GET, { key: a.secret, path: `/agents/${id}`, params: { id } })).status).toBe(404);

    // An agent that numbers still route to is not archived.
    const refused = await callApi(agentRoute.DELETE, {
      key: a.secret,
      method: "DELETE",
      path: `/agents/${a.agent.id}`,
      params: { id: a.agent.id },
    });
    expect(refused.status).toBe(400);
  });

  it("names every invalid field, rejects unknown fields and bad JSON, and writes nothing", async () => {
    const before = await forTenant(a.tenant.id).agent.count({ where: {} });
    const bad = await callApi(agentsRoute.POST, {
      key: a.secret,
      method: "POST",
      path: "/agents",
      body: {
        name: "",
        greeting: "Hi",
        instructions: "x",
        transferNumber: "12345",
        timezone: "Mars/Olympus",
        businessHours: { mon: [{ open: "17:00", close: "09:00" }] },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.json?.error.code).toBe("validation_failed");
    const fields = ((bad.json?.error.details.fields ?? []) as { field: string }[]).map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(["name", "transferNumber", "timezone", "businessHours.mon.0.close"]));

    const unknownField = await callApi(agentsRoute.POST, {
      key: a.secret,
      method: "POST",
      path: "/agents",
      body: { name: "x", greeting: "y", instructions: "z", tenantId: b.tenant.id },
    });
    expect(unknownField.status).toBe(400);
    expect(((unknownField.json?.error.details.fields ?? []) as { field: string }[]).map((f) => f.field)).toContain(
      "tenantId",
    );

    const notJson = await callApi(agentsRoute.POST, {
      key: a.secret,
      method: "POST",
      path: "/agents",
      rawBody: "{nope",
    });
    expect(notJson.json?.error.code).toBe("invalid_json");

    const badQuery = await callApi(callsRoute.GET, { key: a.secret, path: "/calls?limit=1000&direction=SIDEWAYS" });
    expect(badQuery.status).toBe(400);
    expect(((badQuery.json?.error.details.fields ?? []) as { field: string }[]).map((f) => f.field).sort()).toEqual([
      "direction",
      "limit",
    ]);
    const badCursor = await callApi(callsRoute.GET, { key: a.secret, path: "/calls?after=garbage" });
    expect(badCursor.json?.error.details.fields[0].field).toBe("after");

    const badOutbound = await callApi(callsRoute.POST, {
      key: a.secret,
      method: "POST",
      path: "/calls",
      body: { agentId: a.agent.id, fromNumberId: a.number.id, to: "0412345678" },
    });
    expect(badOutbound.status).toBe(400);
    expect(badOutbound.json?.error.details.fields).toEqual([
      { field: "to", message: expect.stringContaining("E.164") },
    ]);

    expect(await forTenant(a.tenant.id).agent.count({ where: {} })).toBe(before);
  });
});

describe("rate limiting", () => {
  it("answers 429 with Retry-After once a key's bucket is empty, per key", async () => {
    process.env.API_RATE_LIMIT_BURST = "3";
    process.env.API_RATE_LIMIT_PER_MINUTE = "6";
    const t = await createApiTenant("api-rate");
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof callApi>> | undefined;
    for (let i = 0; i < 5; i++) {
      last = await callApi(numbersRoute.GET, { key: t.secret, path: "/numbers" });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(last?.json?.error.code).toBe("rate_limited");
    // 6/minute = one request every 10 s.
    const retryAfter = Number(last?.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(9);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(last?.headers.get("x-ratelimit-remaining")).toBe("0");
    // Another key is unaffected.
    expect((await callApi(numbersRoute.GET, { key: b.secret, path: "/numbers" })).status).toBe(200);
  });

  it("never lets more than the burst through when requests race", async () => {
    process.env.API_RATE_LIMIT_BURST = "5";
    process.env.API_RATE_LIMIT_PER_MINUTE = "1";
    const t = await createApiTenant("api-race");
    const results = await Promise.all(
      Array.from({ length: 12 }, () => callApi(numbersRoute.GET, { key: t.secret, path: "/numbers" })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(7);
  });
});

describe("GET /account/usage", () => {
  it("returns the current plan (the one definition the dashboard uses) and the period's usage", async () => {
    const t = await createApiTenant("api-plan");
    const trial = await callApi(accountUsageRoute.GET, { key: t.secret, path: "/account/usage" });
    expect(trial.status).toBe(200);
    const body = accountUsageSchema.parse(trial.json);
    const plan = await getCurrentPlan(t.tenant.id);
    expect(body.plan).toEqual({
      tier: plan.plan,
      kind: "trial",
      billed: false,
      subscriptionStatus: plan.subscriptionStatus,
      label: plan.label,
      detail: plan.detail,
    });
    expect(body.currency).toBe("AUD");

    // A paid subscription: the API says "paid" exactly when the billing page would.
    await platformDb().tenant.update({ where: { id: t.tenant.id }, data: { plan: "STARTER" } });
    await forTenant(t.tenant.id).subscription.create({
      data: { tenantId: t.tenant.id, plan: "STARTER", status: "ACTIVE" },
    });
    const paid = accountUsageSchema.parse(
      (await callApi(accountUsageRoute.GET, { key: t.secret, path: "/account/usage" })).json,
    );
    expect(paid.plan).toMatchObject({ tier: "STARTER", kind: "paid", billed: true, subscriptionStatus: "ACTIVE" });
    expect(paid.plan.label).toBe((await getCurrentPlan(t.tenant.id)).label);
    expect(paid.includedMinutes).toBe(1000);

    const withQuery = await callApi(accountUsageRoute.GET, { key: t.secret, path: "/account/usage?x=1" });
    expect(withQuery.status).toBe(400);
  });
});

describe("OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const res = await openapiRoute.GET();
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    // Every $ref resolves.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    for (const r of refs) expect(doc.components.schemas[r], r).toBeDefined();
  });

  it("lists exactly the routes that exist on disk, with the same methods", async () => {
    const doc = await (await openapiRoute.GET()).json();
    const root = path.resolve(import.meta.dirname, "../src/app/api/v1");
    const onDisk = new Set<string>();
    const walk = async (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.name === "route.ts") {
          const rel = `/${path.relative(root, path.dirname(full)).split(path.sep).join("/")}`.replace(
            /\[(\w+)\]/g,
            "{$1}",
          );
          if (rel === "/openapi.json") continue; // the document itself
          const mod = (await import(/* @vite-ignore */ full)) as Record<string, unknown>;
          for (const m of ["GET", "POST", "PUT", "PATCH", "DELETE"])
            if (typeof mod[m] === "function") onDisk.add(`${m.toLowerCase()} ${rel}`);
        }
      }
    };
    await walk(root);
    const inDoc = new Set<string>();
    for (const [p, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const m of Object.keys(item)) inDoc.add(`${m} ${p}`);
    }
    expect([...inDoc].sort()).toEqual([...onDisk].sort());
  });
});
