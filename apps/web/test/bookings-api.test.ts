// /api/v1 bookings and appointment types with an API key (real PostgreSQL): the
// same atomic booking as the agent (a taken slot is a 409 with alternatives,
// never a double booking), list by date range with a cursor, cancel (retry-safe),
// field errors naming the field, and another tenant's rows answering 404.
import { createAppointmentType } from "@articulate/booking";
import { forTenant, platformDb } from "@articulate/db";
import { createWebhookEndpoint } from "@articulate/webhooks";
import { beforeAll, describe, expect, it } from "vitest";
import * as appointmentTypesRoute from "@/app/api/v1/appointment-types/route";
import * as cancelRoute from "@/app/api/v1/bookings/[id]/cancel/route";
import * as bookingRoute from "@/app/api/v1/bookings/[id]/route";
import * as bookingsRoute from "@/app/api/v1/bookings/route";
import { appointmentTypeListSchema, bookingPageSchema, bookingSchema } from "@/modules/public-api/bookings";
import { callApi, createApiTenant } from "./api-fixtures";

const HOUR = 3_600_000;
/** A whole hour a few days ahead: on every type's quarter-hour grid, past any notice. */
const at = (daysAhead: number, hourOffset = 0) =>
  new Date(Math.ceil((Date.now() + daysAhead * 86_400_000) / HOUR) * HOUR + hourOffset * HOUR);

let a: Awaited<ReturnType<typeof createApiTenant>>;
let b: Awaited<ReturnType<typeof createApiTenant>>;
let typeA: string;
let typeB: string;
beforeAll(async () => {
  a = await createApiTenant("bk-api-a");
  await createWebhookEndpoint(a.tenant.id, { url: "https://hooks.example.test/in" }, { actorType: "system" });
  b = await createApiTenant("bk-api-b");
  typeA = (await createAppointmentType(a.tenant.id, { name: "Check-up", agentId: a.agent.id, durationMinutes: 30 })).id;
  typeB = (await createAppointmentType(b.tenant.id, { name: "Clean", agentId: b.agent.id, durationMinutes: 45 })).id;
});

const book = (key: string, body: Record<string, unknown>) =>
  callApi(bookingsRoute.POST, { key, method: "POST", path: "/bookings", body });

describe("bookings through the API", () => {
  it("lists appointment types with their rules, only the key's tenant's", async () => {
    const res = await callApi(appointmentTypesRoute.GET, { key: a.secret, path: "/appointment-types" });
    expect(res.status).toBe(200);
    const list = appointmentTypeListSchema.parse(res.json);
    expect(list.data.map((t) => t.id)).toEqual([typeA]);
    expect(list.data[0]).toMatchObject({ name: "Check-up", durationMinutes: 30, agentId: a.agent.id });
    const q = await callApi(appointmentTypesRoute.GET, { key: a.secret, path: "/appointment-types?x=1" });
    expect(q.status).toBe(400);
    expect(q.json?.error.details.fields[0].field).toBe("x");
  });

  it("books through the atomic path: source API, webhook queued, audited; the same slot again is a 409 with alternatives", async () => {
    const start = at(3);
    const made = await book(a.secret, {
      appointmentTypeId: typeA,
      start: start.toISOString(),
      callerName: "Priya Shah",
      callerPhone: "0412 345 678",
      reason: "Sore tooth",
    });
    expect(made.status).toBe(201);
    const booking = bookingSchema.parse(made.json);
    expect(booking).toMatchObject({
      appointmentType: "Check-up",
      source: "API",
      status: "CONFIRMED",
      callerPhone: "+61412345678",
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 30 * 60_000).toISOString(),
    });
    const delivery = await platformDb().webhookDelivery.findFirstOrThrow({
      where: { tenantId: a.tenant.id, eventType: "booking.created" },
    });
    expect(delivery.payload).toMatchObject({ data: { booking: { id: booking.id, source: "API" } } });
    const audit = await platformDb().auditLog.findFirst({
      where: { tenantId: a.tenant.id, action: "booking.created", targetId: booking.id },
    });
    expect(audit).toMatchObject({ actorType: "api_key", actorId: a.key.id });

    const again = await book(a.secret, {
      appointmentTypeId: typeA,
      start: new Date(start.getTime() + 15 * 60_000).toISOString(),
      callerName: "Sam Lee",
      callerPhone: "+61412000111",
    });
    expect(again.status).toBe(409);
    expect(again.json?.error.code).toBe("slot_taken");
    const alternatives = again.json?.error.details.alternatives as string[];
    expect(alternatives.length).toBeGreaterThan(0);
    for (const alt of alternatives) expect(Date.parse(alt)).toBeGreaterThanOrEqual(start.getTime() + 30 * 60_000);
    expect(await forTenant(a.tenant.id).booking.count({ where: { tenantId: a.tenant.id, status: "CONFIRMED" } })).toBe(
      1,
    );
  });

  it("never double-books under concurrent API requests for one slot", async () => {
    const start = at(4);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        book(a.secret, {
          appointmentTypeId: typeA,
          start: start.toISOString(),
          callerName: `Caller ${n}`,
          callerPhone: `+6141200${String(n).padStart(4, "0")}`,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  });

  it("refuses bad input with the field named, and writes nothing", async () => {
    const before = await forTenant(a.tenant.id).booking.count({ where: { tenantId: a.tenant.id } });
    const base = { appointmentTypeId: typeA, start: at(5).toISOString(), callerName: "Jo", callerPhone: "0412345678" };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, appointmentTypeId: typeB }, "appointmentTypeId"],
      [{ ...base, start: "2020-01-01T10:00:00Z" }, "start"],
      [{ ...base, start: "next Tuesday arvo" }, "start"],
      [{ ...base, start: "9999-12-31T23:59:59Z" }, "start"],
      [{ ...base, start: new Date(Date.now() + 400 * 86_400_000).toISOString() }, "start"],
      [{ ...base, start: new Date(at(5).getTime() + 7 * 60_000).toISOString() }, "start"],
      [{ ...base, callerPhone: "not a phone" }, "callerPhone"],
      [{ ...base, callerName: "" }, "callerName"],
      [{ ...base, tenantId: b.tenant.id }, "tenantId"],
    ];
    for (const [body, field] of cases) {
      const res = await book(a.secret, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(
        ((res.json?.error.details.fields ?? []) as { field: string }[]).map((f) => f.field),
        JSON.stringify(body),
      ).toContain(field);
    }
    expect(await forTenant(a.tenant.id).booking.count({ where: { tenantId: a.tenant.id } })).toBe(before);
  });

  it("lists in start order within a date range, a page at a time, tenant-scoped", async () => {
    // Five bookings on day 10, an hour apart, plus one on day 12 outside the range.
    for (let h = 0; h < 5; h++)
      expect(
        (
          await book(a.secret, {
            appointmentTypeId: typeA,
            start: at(10, h).toISOString(),
            callerName: `Page ${h}`,
            callerPhone: "+61412999000",
          })
        ).status,
      ).toBe(201);
    await book(a.secret, {
      appointmentTypeId: typeA,
      start: at(12).toISOString(),
      callerName: "Later",
      callerPhone: "+61412999000",
    });
    await book(b.secret, {
      appointmentTypeId: typeB,
      start: at(10).toISOString(),
      callerName: "Other business",
      callerPhone: "+61412999000",
    });
    const from = at(10).toISOString();
    const to = at(11).toISOString();
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const qs = new URLSearchParams({ from, to, limit: "2", ...(after ? { after } : {}) });
      const res = await callApi(bookingsRoute.GET, { key: a.secret, path: `/bookings?${qs}` });
      expect(res.status).toBe(200);
      const page = bookingPageSchema.parse(res.json);
      seen.push(...page.data.map((x) => x.callerName));
      after = page.nextCursor;
      pages++;
    } while (after && pages < 10);
    expect(seen).toEqual(["Page 0", "Page 1", "Page 2", "Page 3", "Page 4"]);
    expect(pages).toBe(3);

    const badCursor = await callApi(bookingsRoute.GET, { key: a.secret, path: "/bookings?after=nope!" });
    expect(badCursor.status).toBe(400);
    expect(badCursor.json?.error.details.fields[0].field).toBe("after");
    const backwards = await callApi(bookingsRoute.GET, {
      key: a.secret,
      path: `/bookings?${new URLSearchParams({ from: to, to: from })}`,
    });
    expect(backwards.status).toBe(400);
    expect(backwards.json?.error.details.fields[0].field).toBe("to");
    const badDate = await callApi(bookingsRoute.GET, { key: a.secret, path: "/bookings?from=01/12/2026" });
    expect(badDate.status).toBe(400);
    expect(badDate.json?.error.details.fields[0].field).toBe("from");
  });

  it("cancels (freeing the slot, retry-safe); another tenant's booking is a 404 and stays confirmed", async () => {
    const start = at(6);
    const made = bookingSchema.parse(
      (
        await book(a.secret, {
          appointmentTypeId: typeA,
          start: start.toISOString(),
          callerName: "Cancel Me",
          callerPhone: "+61412555000",
        })
      ).json,
    );
    const theirs = bookingSchema.parse(
      (
        await book(b.secret, {
          appointmentTypeId: typeB,
          start: start.toISOString(),
          callerName: "Keep Me",
          callerPhone: "+61412555001",
        })
      ).json,
    );
    const cross = await callApi(cancelRoute.POST, { key: a.secret, method: "POST", params: { id: theirs.id } });
    expect(cross.status).toBe(404);
    expect((await callApi(bookingRoute.GET, { key: a.secret, params: { id: theirs.id } })).status).toBe(404);
    expect((await platformDb().booking.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("CONFIRMED");

    const cancelled = await callApi(cancelRoute.POST, { key: a.secret, method: "POST", params: { id: made.id } });
    expect(cancelled.status).toBe(200);
    expect(bookingSchema.parse(cancelled.json)).toMatchObject({ status: "CANCELLED", id: made.id });
    const again = await callApi(cancelRoute.POST, { key: a.secret, method: "POST", params: { id: made.id } });
    expect(again.status).toBe(200);
    expect(again.json?.cancelledAt).toBe(cancelled.json?.cancelledAt);
    // The slot is free again.
    const rebook = await book(a.secret, {
      appointmentTypeId: typeA,
      start: start.toISOString(),
      callerName: "Next",
      callerPhone: "+61412555002",
    });
    expect(rebook.status).toBe(201);
    const got = await callApi(bookingRoute.GET, { key: a.secret, params: { id: made.id } });
    expect(got.json?.status).toBe("CANCELLED");
    expect((await callApi(bookingRoute.GET, { key: a.secret, params: { id: "missing" } })).status).toBe(404);
  });
});
