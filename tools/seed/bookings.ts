// The demo practice's appointment types and bookings. The calls whose caller
// booked a check-up and clean made their booking through the same rules the
// receptionist books under (availability as of the call, then the atomic
// book), so each one links to its call; a few more were added by the front
// desk for the coming week. Seeded history tells nobody (no e-mails or texts).
import {
  addDays,
  BookingError,
  bookAppointment,
  checkAvailability,
  createAppointmentType,
  wallClock,
} from "@articulate/booking";
import { platformDb } from "@articulate/db";

const TZ = "Australia/Sydney";
const NAMES = [
  "Olivia Chen",
  "Jack Murphy",
  "Priya Sharma",
  "Liam O'Connor",
  "Mei Tanaka",
  "Noah Williams",
  "Ava Rossi",
  "Ethan Nguyen",
  "Grace Kelly",
  "Lucas Brown",
  "Zara Ahmed",
  "Henry Wilson",
];

export async function seedDemoBookings(tenantId: string, agentId: string, now: Date): Promise<number> {
  const db = platformDb();
  if ((await db.appointmentType.count({ where: { tenantId } })) > 0) return 0;
  const clean = await createAppointmentType(tenantId, {
    name: "Check-up and clean",
    agentId,
    durationMinutes: 45,
    bufferMinutes: 15,
    minNoticeMinutes: 120,
    maxDaysAhead: 60,
  });
  const emergency = await createAppointmentType(tenantId, {
    name: "Emergency appointment",
    agentId,
    durationMinutes: 30,
    minNoticeMinutes: 30,
    maxDaysAhead: 7,
  });
  await createAppointmentType(tenantId, {
    name: "New patient consultation",
    agentId,
    durationMinutes: 60,
    minNoticeMinutes: 24 * 60,
    maxDaysAhead: 60,
  });

  let made = 0;
  const book = async (
    appointmentTypeId: string,
    at: Date,
    fromDays: number,
    who: { name: string; phone: string },
    extra: { callId?: string; source: "AGENT" | "DASHBOARD"; reason?: string },
  ) => {
    const from = addDays(wallClock(at, TZ).date, fromDays);
    const a = await checkAvailability({ tenantId, appointmentTypeId, fromDate: from, toDate: addDays(from, 6) }, at);
    for (const option of a.options) {
      try {
        await bookAppointment(
          { tenantId, appointmentTypeId, start: option.start, callerName: who.name, callerPhone: who.phone, ...extra },
          at,
        );
        made++;
        return;
      } catch (err) {
        if (!(err instanceof BookingError)) throw err;
      }
    }
  };

  // The calls in which a caller booked a check-up and clean, oldest first.
  const calls = await db.call.findMany({
    where: { tenantId, roomName: { startsWith: "call-demo-" }, summary: { contains: "booked a check-up" } },
    orderBy: { startedAt: "asc" },
    select: { id: true, fromNumber: true, startedAt: true },
  });
  for (const [i, call] of calls.entries()) {
    await book(
      clean.id,
      call.startedAt,
      2,
      { name: NAMES[i % NAMES.length] ?? "Patient", phone: call.fromNumber },
      { callId: call.id, source: "AGENT", reason: "New patient check-up and clean" },
    );
  }
  // The front desk's own bookings for the coming week.
  const desk = [
    { type: clean.id, name: "Sam Patel", phone: "+61412555101", days: 1 },
    { type: emergency.id, name: "Chris Lee", phone: "+61412555102", days: 0 },
    { type: clean.id, name: "Jo Smith", phone: "+61412555103", days: 3 },
  ];
  for (const d of desk) await book(d.type, now, d.days, { name: d.name, phone: d.phone }, { source: "DASHBOARD" });

  // History: nobody is e-mailed or texted about the demo's bookings when the jobs start.
  await db.booking.updateMany({ where: { tenantId }, data: { noticePending: false, callerSmsPending: false } });
  return made;
}
