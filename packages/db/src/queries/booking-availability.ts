// The read behind check_availability, in one round trip: the appointment type
// (active, this tenant's), the agent whose hours/timezone/holidays apply, the
// tenant's timezone, and the confirmed bookings blocking any part of a window,
// as epoch milliseconds. Hand-written SQL on the shared pool, tenant first (the
// (tenantId, status, startsAt) index's leading column), one named prepared
// statement: the ORM path cost three queries and most of the 20 ms budget
// (docs/benchmarks.md, booking).
import { sqlPool } from "../client";

export interface AvailabilityRead {
  type: {
    id: string;
    name: string;
    durationMinutes: number;
    bufferMinutes: number;
    minNoticeMinutes: number;
    maxDaysAhead: number;
    openHours: unknown;
    agent: { timezone: string; holidayRegion: string | null; businessHours: unknown } | null;
  };
  tenantTimeZone: string;
  /** [start, blockedUntil) of every confirmed booking overlapping the window. */
  busy: Array<{ start: Date; end: Date }>;
}

interface Row {
  id: string;
  name: string;
  durationMinutes: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  maxDaysAhead: number;
  openHours: unknown;
  agentId: string | null;
  timezone: string | null;
  holidayRegion: string | null;
  businessHours: unknown;
  tenantTimezone: string;
  starts: number[] | null;
  ends: number[] | null;
}

/**
 * null when the type is not one of this tenant's active types. `maxBlockMs` is the
 * longest any booking can block after its start: it bounds the index range read.
 */
export async function readAvailability(
  tenantId: string,
  appointmentTypeId: string,
  window: { from: Date; to: Date },
  maxBlockMs: number,
): Promise<AvailabilityRead | null> {
  const { rows } = await sqlPool().query<Row>({
    name: "articulate_booking_availability",
    text: `SELECT t.id, t.name, t."durationMinutes", t."bufferMinutes", t."minNoticeMinutes", t."maxDaysAhead",
        t."openHours", t."agentId", a.timezone, a."holidayRegion", a."businessHours", tn.timezone AS "tenantTimezone",
        b.starts, b.ends
      FROM "AppointmentType" t
      JOIN "Tenant" tn ON tn.id = t."tenantId"
      LEFT JOIN "Agent" a ON a.id = t."agentId" AND a."tenantId" = t."tenantId"
      CROSS JOIN LATERAL (
        SELECT array_agg((extract(epoch FROM "startsAt") * 1000)::float8) AS starts,
               array_agg((extract(epoch FROM "blockedUntil") * 1000)::float8) AS ends
        FROM "Booking"
        WHERE "tenantId" = $1 AND status = 'CONFIRMED'
          AND "startsAt" < $4 AND "startsAt" > $5 AND "blockedUntil" > $3
      ) b
      WHERE t."tenantId" = $1 AND t.id = $2 AND t.active`,
    values: [tenantId, appointmentTypeId, window.from, window.to, new Date(window.from.getTime() - maxBlockMs)],
  });
  const r = rows[0];
  if (!r) return null;
  const starts = r.starts ?? [];
  const ends = r.ends ?? [];
  return {
    type: {
      id: r.id,
      name: r.name,
      durationMinutes: r.durationMinutes,
      bufferMinutes: r.bufferMinutes,
      minNoticeMinutes: r.minNoticeMinutes,
      maxDaysAhead: r.maxDaysAhead,
      openHours: r.openHours,
      agent:
        r.agentId && r.timezone
          ? { timezone: r.timezone, holidayRegion: r.holidayRegion, businessHours: r.businessHours }
          : null,
    },
    tenantTimeZone: r.tenantTimezone,
    busy: starts.map((s, i) => ({ start: new Date(s), end: new Date(ends[i] as number) })),
  };
}
