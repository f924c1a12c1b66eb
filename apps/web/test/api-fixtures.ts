// Tenants, keys and data for the public API tests (real PostgreSQL).
import crypto from "node:crypto";
import { forTenant, platformDb } from "@articulate/db";
import { createApiKey } from "@/modules/api-keys/keys";

export async function createApiTenant(label: string, opts: { concurrencyCap?: number } = {}) {
  const suffix = crypto.randomBytes(4).toString("hex");
  const tenant = await platformDb().tenant.create({
    data: { slug: `${label}-${suffix}`, name: `${label} ${suffix}`, concurrencyCap: opts.concurrencyCap ?? 5 },
  });
  const tdb = forTenant(tenant.id);
  const agent = await tdb.agent.create({
    data: {
      tenantId: tenant.id,
      name: "Front desk",
      greeting: "Hello",
      instructions: "Help callers",
      businessHours: undefined,
      holidayRegion: null,
    },
  });
  const e164 = `+612${crypto.randomInt(10_000_000, 99_999_999)}`;
  const number = await tdb.phoneNumber.create({
    data: {
      tenantId: tenant.id,
      e164,
      e164Active: e164,
      provider: "BYO",
      status: "ACTIVE",
      agentId: agent.id,
    },
  });
  const call = await tdb.call.create({
    data: {
      tenantId: tenant.id,
      direction: "INBOUND",
      fromNumber: "+61400000001",
      toNumber: number.e164,
      roomName: `call-${crypto.randomUUID()}`,
      agentId: agent.id,
      phoneNumberId: number.id,
      status: "COMPLETED",
      answeredAt: new Date(),
      endedAt: new Date(),
      billableSeconds: 61,
      billableMinutes: 2,
    },
  });
  await tdb.transcriptSegment.createMany({
    data: [
      { tenantId: tenant.id, callId: call.id, sequence: 1, speaker: "AGENT", text: "Hello" },
      { tenantId: tenant.id, callId: call.id, sequence: 0, speaker: "CALLER", text: "Hi there" },
    ],
  });
  const message = await tdb.message.create({
    data: {
      tenantId: tenant.id,
      callId: call.id,
      agentId: agent.id,
      callerName: "Ann",
      callbackNumber: "+61400000002",
      reason: "Book a clean",
    },
  });
  const { key, secret } = await createApiKey(tenant.id, { name: "test", createdById: null });
  return { tenant, agent, number, call, message, key, secret };
}

export async function callApi<P>(
  handler: (req: Request, ctx: { params: Promise<P> }) => Promise<Response>,
  opts: { key?: string | null; method?: string; path?: string; params?: P; body?: unknown; rawBody?: string },
) {
  const headers: Record<string, string> = {};
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.body !== undefined || opts.rawBody !== undefined) headers["content-type"] = "application/json";
  const req = new Request(`http://localhost/api/v1${opts.path ?? "/"}`, {
    method: opts.method ?? "GET",
    headers,
    body: opts.rawBody ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined),
  });
  const res = await handler(req, { params: Promise.resolve((opts.params ?? {}) as P) });
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: response JSON is asserted field by field in tests
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, any>) : null };
}
