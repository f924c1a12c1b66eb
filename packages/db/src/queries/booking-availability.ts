// What availability needs for one appointment type, in one indexed round trip:
// the type's rules, its agent's hours/timezone/holidays, the business's
// timezone and calendar provider, and the confirmed bookings' blocked intervals
// overlapping a window ((tenantId, status, startsAt) index). Tenant-scoped by
// construction: every table is filtered on the given tenantId.
import { sqlPool } from "../client";
import type { Prisma } from "../generated/prisma/client";
import type { CalendarProviderKind } from "../generated/prisma/enums";

export interface AvailabilityInputs {
  type: {
    id: string;
    name: string;
    durationMinutes: number;
    bufferMinutes: number;
    minNoticeMinutes: number;
    maxDaysAhead: number;
    openHours: Prisma.JsonValue | null;
    calcomEventTypeId: number | null;
    agent: { timezone: string; holidayRegion: string | null; businessHours: Prisma.JsonValue | null } | null;
  };
  tenantTimeZone: string;
  provider: CalendarProviderKind;
  busy: Array<{ start: Date; end: Date }>;
}

interface Row {
  id: string;
  name: string;
  durationMinutes: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  maxDaysAhead: number;
  openHours: Prisma.JsonValue | null;
  calcomEventTypeId: number | null;
  agentId: string | null;
  timezone: string | null;
  holidayRegion: string | null;
  businessHours: Prisma.JsonValue | null;
  tenantTimezone: string;
  provider: CalendarProviderKind | null;
  busy: Array<[string, string]>;
}

/** null when the type isn't an active type of this business. */
export async function loadAvailabilityInputs(
  tenantId: string,
  appointmentTypeId: string,
  busyFrom: Date,
  busyTo: Date,
): Promise<AvailabilityInputs | null> {
  const { rows } = await sqlPool().query<Row>({
    name: "articulate_booking_availability",
    text: `SELECT t.id, t.name, t."durationMinutes", t."bufferMinutes", t."minNoticeMinutes", t."maxDaysAhead",
             t."openHours", t."calcomEventTypeId", a.id AS "agentId", a.timezone, a."holidayRegion", a."businessHours",
             tn.timezone AS "tenantTimezone", bc.provider,
             COALESCE((SELECT json_agg(json_build_array(b."startsAt", b."blockedUntil"))
                       FROM "Booking" b
                       WHERE b."tenantId" = $1 AND b.status = 'CONFIRMED' AND b."startsAt" < $4 AND b."blockedUntil" > $3),
                      '[]'::json) AS busy
           FROM "AppointmentType" t
           JOIN "Tenant" tn ON tn.id = t."tenantId"
           LEFT JOIN "Agent" a ON a.id = t."agentId" AND a."tenantId" = $1
           LEFT JOIN "BookingCalendar" bc ON bc."tenantId" = $1
           WHERE t."tenantId" = $1 AND t.id = $2 AND t.active`,
    values: [tenantId, appointmentTypeId, busyFrom, busyTo],
  });
  const r = rows[0];
  if (!r) return null;
  return {
    type: {
      id: r.id,
      name: r.name,
      durationMinutes: r.durationMinutes,
      bufferMinutes: r.bufferMinutes,
      minNoticeMinutes: r.minNoticeMinutes,
      maxDaysAhead: r.maxDaysAhead,
      openHours: r.openHours,
      calcomEventTypeId: r.calcomEventTypeId,
      agent: r.agentId
        ? { timezone: r.timezone ?? r.tenantTimezone, holidayRegion: r.holidayRegion, businessHours: r.businessHours }
        : null,
    },
    tenantTimeZone: r.tenantTimezone,
    provider: r.provider ?? "BUILT_IN",
    // json_build_array renders timestamptz as ISO 8601 with an offset: exact to the millisecond.
    busy: r.busy.map(([s, e]) => ({ start: new Date(s), end: new Date(e) })),
  };
}
