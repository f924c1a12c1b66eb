// /api/v1 bookings through the real route handlers and API keys: create under
// the booking rules (201, source API), a taken time is 409 with
// alternatives, list a window, cancel (and cancel again), another business's
// booking is 404, bad windows are 400 naming the field.
import { createAppointmentType } from "@articulate/booking";
import { platformDb } from "@articulate/db";
import { describe, expect, it } from "vitest";
import { callApi, createApiTenant } from "./api-fixtures";

const { GET: listRoute, POST: createRoute } = await import("@/app/api/v1/bookings/route");
const { POST: cancelRoute } = await import("@/app/api/v1/bookings/[id]/cancel/route");

const allDay = { open: "00:00", close: "23:45" };
const everyDay = {
  mon: [allDay],
  tue: [allDay],
  wed: [allDay],
  thu: [allDay],
  fri: [allDay],
  sat: [allDay],
  sun: [allDay],
};

async function business(label: string) {
  const t = await createApiTenant(label);
  const type = await createAppointmentType(t.tenant.id, {
    name: "Consult",
    agentId: t.agent.id,
    durationMinutes: 30,
    minNoticeMinutes: 0,
    openHours: everyDay,
  });
  return { ...t, type };
}

/** A quarter-hour start a few days out (inside the 60-day horizon). */
function startIn(days: number, hourUtc: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return d.toISOString();
}

describe("/api/v1/bookings", () => {
  it("creates, refuses a taken time with alternatives, lists, and cancels", async () => {
    const a = await business("api-bk");
    const start = startIn(3, 2);
    const body = { appointmentTypeId: a.type.id, start, callerName: "Ann Lee", callerPhone: "0412 345 678" };
    const made = await callApi(createRoute, { key: a.secret, method: "POST", path: "/bookings", body });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({
      appointmentTypeId: a.type.id,
      appointmentType: "Consult",
      status: "CONFIRMED",
      source: "API",
      startsAt: start,
      callerPhone: "+61412345678",
    });
    expect(await platformDb().booking.count({ where: { tenantId: a.tenant.id, source: "API" } })).toBe(1);

    const taken = await callApi(createRoute, {
      key: a.secret,
      method: "POST",
      path: "/bookings",
      body: { ...body, callerName: "Bo" },
    });
    expect(taken.status).toBe(409);
    expect(taken.json?.error.code).toBe("slot_unavailable");
    expect(taken.json?.error.details.alternatives.length).toBeGreaterThan(0);

    const list = await callApi(listRoute, {
      key: a.secret,
      path: `/bookings?from=${encodeURIComponent(startIn(2, 0))}&to=${encodeURIComponent(startIn(5, 0))}`,
    });
    expect(list.status).toBe(200);
    expect(list.json?.data.map((b: { id: string }) => b.id)).toEqual([made.json?.id]);

    const b = await business("api-bk-other");
    const foreign = await callApi(cancelRoute, {
      key: b.secret,
      method: "POST",
      path: `/bookings/${made.json?.id}/cancel`,
      params: { id: made.json?.id },
    });
    expect(foreign.status).toBe(404);

    const cancelled = await callApi(cancelRoute, {
      key: a.secret,
      method: "POST",
      path: `/bookings/${made.json?.id}/cancel`,
      params: { id: made.json?.id },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json?.status).toBe("CANCELLED");
    const again = await callApi(cancelRoute, {
      key: a.secret,
      method: "POST",
      path: `/bookings/${made.json?.id}/cancel`,
      params: { id: made.json?.id },
    });
    expect(again.json?.status).toBe("CANCELLED");
  });

  it("bad input is a 400 naming the field", async () => {
    const a = await business("api-bk-bad");
    const otherType = (await business("api-bk-bad2")).type.id;
    const wrongType = await callApi(createRoute, {
      key: a.secret,
      method: "POST",
      path: "/bookings",
      body: { appointmentTypeId: otherType, start: startIn(3, 2), callerName: "Ann", callerPhone: "0412345678" },
    });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json?.error.details.fields[0].field).toBe("appointmentTypeId");
    const badPhone = await callApi(createRoute, {
      key: a.secret,
      method: "POST",
      path: "/bookings",
      body: { appointmentTypeId: a.type.id, start: startIn(3, 2), callerName: "Ann", callerPhone: "call me" },
    });
    expect(badPhone.status).toBe(400);
    expect(badPhone.json?.error.details.fields[0].field).toBe("callerPhone");
    const window = await callApi(listRoute, {
      key: a.secret,
      path: `/bookings?from=${encodeURIComponent(startIn(5, 0))}&to=${encodeURIComponent(startIn(2, 0))}`,
    });
    expect(window.status).toBe(400);
    expect(window.json?.error.details.fields[0].field).toBe("to");
  });
});
