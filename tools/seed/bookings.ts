// The demo practice's appointments: three appointment types offered by Ava, the
// bookings the seeded "book a check-up" calls made (linked to their call), and a
// week-and-a-bit of the front desk's own bookings this week and next, all in
// Sydney time. Every booking goes through @articulate/booking's bookAppointment
// (opening hours, holidays, buffers, no double-booking), booked "as of" a day
// before its slot so this week's earlier days can be filled too.
// Idempotent: types are found by name; bookings are added only when the business has none.
import {
  addDays,
  BookingError,
  bookAppointment,
  createAppointmentType,
  instantAt,
  listAppointmentTypes,
  mondayOf,
  wallClock,
} from "@articulate/booking";
import { forTenant, platformDb } from "@articulate/db";

const TZ = "Australia/Sydney";
const DAY = 86_400_000;

export const DEMO_APPOINTMENT_TYPES = [
  {
    name: "Check-up and clean",
    durationMinutes: 45,
    bufferMinutes: 15,
    minNoticeMinutes: 120,
    maxDaysAhead: 60,
    questions: [{ key: "new_patient", label: "New or existing patient?", required: true }],
  },
  { name: "Emergency appointment", durationMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 30, maxDaysAhead: 7 },
  {
    name: "Whitening consultation",
    durationMinutes: 30,
    bufferMinutes: 10,
    minNoticeMinutes: 24 * 60,
    maxDaysAhead: 90,
  },
] as const;

/** The front desk's own bookings: [week (0 = this, 1 = next), weekday (0 = Monday), local time, type, name, mobile]. */
const DESK: Array<[number, number, string, number, string, string]> = [
  [0, 0, "09:00", 0, "Sophie Bennett", "+61491570201"],
  [0, 0, "11:30", 1, "Tom Fraser", "+61491570202"],
  [0, 1, "10:15", 0, "Aisha Rahman", "+61491570203"],
  [0, 2, "08:30", 2, "Ben Carter", "+61491570204"],
  [0, 2, "15:00", 0, "Lily Tran", "+61491570205"],
  [0, 3, "09:45", 0, "Marcus Greene", "+61491570206"],
  [0, 4, "13:00", 1, "Hannah Doyle", "+61491570207"],
  [1, 0, "08:15", 0, "Priya Shah", "+61491570208"],
  [1, 1, "14:00", 2, "James Whitfield", "+61491570209"],
  [1, 2, "10:00", 0, "Ella Morrison", "+61491570210"],
  [1, 3, "16:00", 0, "Daniel Kovacs", "+61491570211"],
  [1, 4, "09:30", 1, "Sarah O'Neill", "+61491570212"],
];

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** Books one slot; false when the rules refuse it (a public holiday, a clash): the demo skips it. */
async function tryBook(input: Parameters<typeof bookAppointment>[0], start: Date): Promise<boolean> {
  try {
    await bookAppointment(input, new Date(start.getTime() - DAY));
    return true;
  } catch (err) {
    if (err instanceof BookingError) return false;
    throw err;
  }
}

export async function seedDemoBookings(
  tenantId: string,
  agentId: string,
  now: Date,
): Promise<{ typesAdded: number; bookingsAdded: number }> {
  const existing = new Map((await listAppointmentTypes(tenantId, { includeInactive: true })).map((t) => [t.name, t]));
  let typesAdded = 0;
  const types = [];
  for (const def of DEMO_APPOINTMENT_TYPES) {
    let type = existing.get(def.name);
    if (!type) {
      type = await createAppointmentType(tenantId, {
        ...def,
        agentId,
        questions: [...("questions" in def ? def.questions : [])],
      });
      typesAdded++;
    }
    types.push(type);
  }
  const tdb = forTenant(tenantId);
  if ((await tdb.booking.count({ where: { tenantId } })) > 0) return { typesAdded, bookingsAdded: 0 };

  let bookingsAdded = 0;
  const checkup = types[0]!;
  // The seeded calls where a caller booked a check-up ("Thursday at 2:15 pm"): book it, linked to the call.
  const bookingCalls = await tdb.call.findMany({
    where: { tenantId, summary: "New patient booked a check-up and clean." },
    include: { segments: { where: { speaker: "CALLER", text: { startsWith: "It's " } }, take: 1 } },
    orderBy: { startedAt: "asc" },
  });
  for (const call of bookingCalls) {
    const name = call.segments[0]?.text.replace(/^It's /, "").replace(/\.$/, "");
    if (!name) continue;
    const callDay = wallClock(call.startedAt, TZ).date;
    const monday = mondayOf(addDays(callDay, 1));
    // The Thursday after the call (the next week's when the call was on a Thursday or later).
    let thursday = addDays(monday, 3);
    if (thursday <= callDay) thursday = addDays(thursday, 7);
    const start = instantAt(thursday, minuteOf("14:15"), TZ);
    if (!start) continue;
    try {
      await bookAppointment(
        {
          tenantId,
          appointmentTypeId: checkup.id,
          start,
          callerName: name,
          callerPhone: call.fromNumber,
          answers: { new_patient: "New patient" },
          callId: call.id,
          source: "AGENT",
        },
        call.startedAt,
      );
      bookingsAdded++;
    } catch (err) {
      if (!(err instanceof BookingError)) throw err; // two callers wanting the same Thursday: the first has it
    }
  }

  const thisMonday = mondayOf(wallClock(now, TZ).date);
  for (const [week, weekday, time, typeIndex, callerName, callerPhone] of DESK) {
    const start = instantAt(addDays(thisMonday, week * 7 + weekday), minuteOf(time), TZ);
    const type = types[typeIndex];
    if (!start || !type) continue;
    const booked = await tryBook(
      {
        tenantId,
        appointmentTypeId: type.id,
        start,
        callerName,
        callerPhone,
        reason: typeIndex === 1 ? "Toothache" : undefined,
        answers: typeIndex === 0 ? { new_patient: weekday % 2 === 0 ? "Existing patient" : "New patient" } : {},
        source: "DASHBOARD",
      },
      start,
    );
    if (booked) bookingsAdded++;
  }
  // History: nobody is e-mailed or texted about the demo's bookings when the jobs start.
  await platformDb().$executeRaw`UPDATE "Booking" SET "notifiedAt" = "updatedAt" WHERE "tenantId" = ${tenantId}`;
  return { typesAdded, bookingsAdded };
}
