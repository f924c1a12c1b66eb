// The shared text rule, body limits and unknown-field policy at the API and
// server-action boundaries (real PostgreSQL): 4xx naming the field, never a 500.
import { platformDb } from "@articulate/db";
import { beforeAll, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/mail", () => ({ sendMail: vi.fn(async () => undefined) }));
vi.mock("@/lib/auth", () => ({ signIn: vi.fn(async () => undefined), signOut: vi.fn(), auth: vi.fn() }));
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));
const agentRoute = await import("@/app/api/v1/agents/[id]/route");
const agentsRoute = await import("@/app/api/v1/agents/route");
const callsRoute = await import("@/app/api/v1/calls/route");
const { signUpAction } = await import("@/modules/auth/actions");
const { callApi, createApiTenant } = await import("./api-fixtures");

let a: Awaited<ReturnType<typeof createApiTenant>>;
beforeAll(async () => {
  a = await createApiTenant("boundary");
});

const agentBody = { name: "Desk", greeting: "Hello", instructions: "Help" };

describe("API boundary", () => {
  it("answers 400 naming the field for NUL bytes and lone surrogates (POST and PATCH), writing nothing", async () => {
    const before = await platformDb().agent.count({ where: { tenantId: a.tenant.id } });
    const nul = await callApi(agentsRoute.POST, {
      key: a.secret,
      method: "POST",
      path: "/agents",
      body: { ...agentBody, name: "Desk\u0000" },
    });
    expect(nul.status).toBe(400);
    expect(nul.json?.error.details.fields).toEqual([{ field: "name", message: expect.stringMatching(/NUL/) }]);
    const surrogate = await callApi(agentRoute.PATCH, {
      key: a.secret,
      method: "PATCH",
      path: `/agents/${a.agent.id}`,
      params: { id: a.agent.id },
      rawBody: '{"greeting":"Hi \\ud800 there"}',
    });
    expect(surrogate.status).toBe(400);
    expect(surrogate.json?.error.details.fields[0].field).toBe("greeting");
    expect(await platformDb().agent.count({ where: { tenantId: a.tenant.id } })).toBe(before);
    expect((await platformDb().agent.findUniqueOrThrow({ where: { id: a.agent.id } })).greeting).toBe("Hello");
  });

  it("answers 413 for a body over the limit and 415 for a non-JSON content type", async () => {
    const huge = await callApi(agentsRoute.POST, {
      key: a.secret,
      method: "POST",
      path: "/agents",
      body: { ...agentBody, instructions: "x".repeat(2 * 1024 * 1024) },
    });
    expect(huge.status).toBe(413);
    expect(huge.json?.error.code).toBe("payload_too_large");
    const req = new Request("http://localhost/api/v1/agents", {
      method: "POST",
      headers: { authorization: `Bearer ${a.secret}`, "content-type": "text/plain" },
      body: JSON.stringify(agentBody),
    });
    const res = await agentsRoute.POST(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(415);
  });

  it("rejects unknown fields on every route the same way (body and query)", async () => {
    const body = await callApi(callsRoute.POST, {
      key: a.secret,
      method: "POST",
      path: "/calls",
      body: { agentId: a.agent.id, fromNumberId: a.number.id, to: "+61255501234", tenantId: "x" },
    });
    expect(body.status).toBe(400);
    expect(body.json?.error.details.fields.map((f: { field: string }) => f.field)).toEqual(["tenantId"]);
    const query = await callApi(callsRoute.GET, { key: a.secret, path: "/calls?tenant=other" });
    expect(query.status).toBe(400);
    expect(query.json?.error.details.fields[0].field).toBe("tenant");
  });
});

describe("server-action boundary", () => {
  it("sign-up with a NUL byte or lone surrogate is a field error, not a 500, and creates no user", async () => {
    const users = await platformDb().user.count();
    const nul = await signUpAction(
      { status: "idle" },
      { name: "Ann\u0000", email: "nul-signup@test.local", password: "long-enough-pass" },
    );
    expect(nul).toMatchObject({ status: "error", code: 400, fieldErrors: { name: expect.stringMatching(/NUL/) } });
    const lone = await signUpAction(
      { status: "idle" },
      { name: "Ann", email: "lone\udc00@test.local", password: "long-enough-pass" },
    );
    expect(lone).toMatchObject({ status: "error", code: 400, fieldErrors: { email: expect.any(String) } });
    const long = await signUpAction(
      { status: "idle" },
      { name: "Ann", email: "long@test.local", password: "long-enough-pass", next: "/".repeat(30_000) },
    );
    expect(long).toMatchObject({ status: "error", code: 400, fieldErrors: { next: expect.stringMatching(/at most/) } });
    expect(await platformDb().user.count()).toBe(users);
  });
});
