// Which calendar a business books into. The built-in calendar is our own
// Booking rows only; an external provider adds its busy times and keeps an
// event per booking. One module per provider behind ExternalCalendar.
import { forTenant } from "@articulate/db";
import { calcomCalendar, calcomConfigFromEnv } from "./calcom";
import { CalendarUnavailableError, type ExternalCalendar } from "./external";
import { googleCalendar, googleConfigFromEnv } from "./google-calendar";

/** The business's external calendar, or null on the built-in one. Throws CalendarUnavailableError when it is broken. */
export async function externalCalendarFor(tenantId: string): Promise<ExternalCalendar | null> {
  const row = await forTenant(tenantId).bookingCalendar.findFirst({ where: { tenantId } });
  if (!row || row.provider === "BUILT_IN") return null;
  if (row.provider === "GOOGLE") return googleCalendar(googleConfigFromEnv(), row);
  if (row.provider === "CALCOM") return calcomCalendar(calcomConfigFromEnv(), row);
  throw new CalendarUnavailableError("This calendar connection isn't supported.");
}
