import {
  addDays,
  bookingFeedPath,
  type CivilDate,
  instantAt,
  listAppointmentTypes,
  listBookings,
  listCalcomEventTypes,
  listGoogleCalendars,
  mondayOf,
  wallClock,
} from "@articulate/booking";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { Badge, Card, EmptyState, Notice, PageHeader } from "@/components/ui/layout";
import { appUrl } from "@/env";
import { tenantPage } from "@/lib/authz/page";
import { roleAtLeast } from "@/lib/authz/tenant-access";
import { formatPhone } from "@/lib/format";
import {
  cancelBookingAction,
  disconnectCalcomAction,
  disconnectGoogleAction,
  rotateFeedAction,
} from "@/modules/bookings/actions";
import {
  AddBookingForm,
  AppointmentTypeForm,
  CalcomConnectForm,
  CalcomLinkForm,
  GoogleCalendarsForm,
  MoveBookingForm,
} from "@/modules/bookings/components/booking-forms";
import { calcomConfig, GOOGLE_OUTCOMES, type GoogleOutcome, googleCalendarConfig } from "@/modules/bookings/google";

export const metadata = { title: "Bookings" };

const auDate = (d: CivilDate) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
const WEEKDAY = new Intl.DateTimeFormat("en-AU", { weekday: "short", timeZone: "UTC" });
const clock = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat("en-AU", { timeZone, hour: "numeric", minute: "2-digit", hour12: true }).format(at);
/** "9:30–10:15 am", or "11:30 am–12:15 pm" across noon. */
function timeRange(start: Date, end: Date, timeZone: string): string {
  const [a, b] = [clock(start, timeZone), clock(end, timeZone)];
  const suffix = (t: string) => t.slice(-2);
  return suffix(a) === suffix(b) ? `${a.slice(0, -3).trim()}–${b}` : `${a}–${b}`;
}

export default async function BookingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ week?: string; google?: string }>;
}) {
  const { slug } = await params;
  const { week, google } = await searchParams;
  const googleOutcome = google && google in GOOGLE_OUTCOMES ? (google as GoogleOutcome) : null;
  return tenantPage(slug, {}, async ({ tenant, db, role }) => {
    const tz = tenant.timezone;
    const today = wallClock(new Date(), tz).date;
    const monday = mondayOf(week && /^\d{4}-\d{2}-\d{2}$/.test(week) ? week : today);
    const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
    const from = instantAt(monday, 0, tz) ?? new Date(`${monday}T00:00:00Z`);
    const to = instantAt(addDays(monday, 7), 0, tz) ?? new Date(`${addDays(monday, 7)}T00:00:00Z`);
    const canManage = roleAtLeast(role, "ADMIN");
    const [types, bookings, agents, feedPath, connection] = await Promise.all([
      listAppointmentTypes(tenant.id),
      listBookings(tenant.id, { from, to }),
      db.agent.findMany({ where: { archivedAt: null }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
      canManage ? bookingFeedPath(tenant.id) : Promise.resolve(null),
      db.bookingCalendar.findFirst(),
    ]);
    const googleCfg = googleCalendarConfig();
    const onGoogle = connection?.provider === "GOOGLE";
    // The connected account's calendars, for choosing; Google not answering is said, not a broken page.
    const googleCalendars =
      canManage && onGoogle && googleCfg && !connection?.connectionBrokenAt
        ? await listGoogleCalendars(googleCfg, tenant.id).catch(() => null)
        : null;
    const onCalcom = connection?.provider === "CALCOM";
    const calcomEventTypes =
      canManage && onCalcom && !connection?.connectionBrokenAt
        ? await listCalcomEventTypes(calcomConfig(), tenant.id).catch(() => null)
        : null;
    const stamp = (at: Date) => `${auDate(wallClock(at, tz).date)} ${clock(at, tz)}`;
    const byDay = new Map<CivilDate, typeof bookings>(days.map((d) => [d, []]));
    for (const b of bookings) byDay.get(wallClock(b.startsAt, tz).date)?.push(b);

    return (
      <>
        <PageHeader
          title="Bookings"
          description={`Appointments your receptionist and your team have booked. Times are in ${tz.replace("_", " ")}.`}
          actions={
            <>
              <Link className={buttonClass("secondary")} href={`/t/${slug}/bookings?week=${addDays(monday, -7)}`}>
                ← Previous week
              </Link>
              <Link className={buttonClass("secondary")} href={`/t/${slug}/bookings`}>
                This week
              </Link>
              <Link className={buttonClass("secondary")} href={`/t/${slug}/bookings?week=${addDays(monday, 7)}`}>
                Next week →
              </Link>
            </>
          }
        />
        <div className="space-y-6">
          {googleOutcome ? (
            <Notice tone={googleOutcome === "connected" ? "blue" : "yellow"}>{GOOGLE_OUTCOMES[googleOutcome]}</Notice>
          ) : null}
          <Card
            title={`Week of ${auDate(monday)}: ${bookings.length} ${bookings.length === 1 ? "booking" : "bookings"}`}
          >
            {types.length === 0 ? (
              <EmptyState
                title="No appointment types yet"
                body="Add one below (for example “Check-up and clean”, 45 minutes) and your receptionist can book it on calls."
              />
            ) : (
              // Seven columns only where each is wide enough for a booking's lines; a laptop gets two rows of four.
              <ol className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4 2xl:grid-cols-7" aria-label="Week view">
                {days.map((day) => {
                  const list = byDay.get(day) ?? [];
                  return (
                    <li
                      key={day}
                      className={`min-w-0 rounded-md border p-2 ${day === today ? "border-blue-300 bg-blue-50/40" : "border-slate-200"}`}
                    >
                      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">
                        {WEEKDAY.format(new Date(`${day}T12:00:00Z`))} {auDate(day).slice(0, 5)}
                      </h3>
                      {list.length === 0 ? (
                        <p className="mt-2 text-xs text-slate-400">Nothing booked</p>
                      ) : (
                        <ul className="mt-2 space-y-2">
                          {list.map((b) => (
                            <li
                              key={b.id}
                              className="rounded border border-slate-200 bg-white p-2 text-sm break-words shadow-xs"
                            >
                              {/* Short lines that wrap: nothing cut off. */}
                              <p className="text-xs font-semibold whitespace-nowrap">
                                {timeRange(b.startsAt, b.endsAt, tz)}
                              </p>
                              <p className="font-medium leading-snug">{b.callerName}</p>
                              <p className="text-xs leading-snug text-slate-600">{b.appointmentTypeName}</p>
                              <p className="text-xs text-slate-600">
                                <a className="hover:underline" href={`tel:${b.callerPhone}`}>
                                  {formatPhone(b.callerPhone)}
                                </a>
                              </p>
                              <p className="mt-1 text-xs">
                                {b.callId ? (
                                  <Link className="text-blue-700 hover:underline" href={`/t/${slug}/calls/${b.callId}`}>
                                    From a call
                                  </Link>
                                ) : (
                                  <span className="text-slate-500">
                                    {b.source === "API" ? "Via the API" : "By staff"}
                                  </span>
                                )}
                              </p>
                              <div className="mt-2 space-y-2">
                                <MoveBookingForm slug={slug} bookingId={b.id} />
                                <ConfirmForm
                                  action={cancelBookingAction}
                                  hidden={{ slug, bookingId: b.id }}
                                  trigger="Cancel"
                                  title={`Cancel ${b.callerName}'s ${b.appointmentTypeName}?`}
                                  body={`${WEEKDAY.format(new Date(`${day}T12:00:00Z`))} ${auDate(day)} at ${clock(b.startsAt, tz)}. The time becomes free for other callers.`}
                                  confirmLabel="Cancel booking"
                                />
                              </div>
                            </li>
                          ))}
                        </ul>
                      )}
                    </li>
                  );
                })}
              </ol>
            )}
          </Card>

          {types.length > 0 ? (
            <Card title="Add a booking">
              <AddBookingForm
                slug={slug}
                types={types.map((t) => ({ value: t.id, label: `${t.name} (${t.durationMinutes} min)` }))}
                defaultDate={auDate(today)}
              />
            </Card>
          ) : null}

          <Card title={`Appointment types (${types.length})`}>
            {types.length > 0 ? (
              <ul className="mb-6 divide-y divide-slate-100">
                {types.map((t) => (
                  <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                    <span className="font-medium">{t.name}</span>
                    <span className="text-slate-600">
                      {t.durationMinutes} min
                      {t.bufferMinutes ? ` + ${t.bufferMinutes} min gap` : ""} · at least{" "}
                      {t.minNoticeMinutes >= 60 ? `${t.minNoticeMinutes / 60} h` : `${t.minNoticeMinutes} min`} notice ·
                      up to {t.maxDaysAhead} days ahead
                    </span>
                  </li>
                ))}
              </ul>
            ) : null}
            {canManage ? (
              agents.length > 0 ? (
                <AppointmentTypeForm slug={slug} agents={agents.map((a) => ({ value: a.id, label: a.name }))} />
              ) : (
                <p className="text-sm text-slate-600">
                  Create an agent first: appointment types use its business hours.{" "}
                  <Link className="text-blue-700 hover:underline" href={`/t/${slug}/agents`}>
                    Go to agents
                  </Link>
                </p>
              )
            ) : (
              <p className="text-sm text-slate-600">Ask an owner or admin to add appointment types.</p>
            )}
          </Card>

          <Card title="Calendar connection">
            {onGoogle && connection ? (
              <div className="space-y-3 text-sm">
                {connection.connectionBrokenAt ? (
                  <Notice tone="red" title="Google Calendar needs reconnecting">
                    {connection.connectionError} (since {stamp(connection.connectionBrokenAt)})
                  </Notice>
                ) : null}
                <p>
                  <Badge tone={connection.connectionBrokenAt ? "red" : "green"}>
                    {connection.connectionBrokenAt ? "Not working" : "Connected"}
                  </Badge>{" "}
                  Google Calendar: <span className="font-medium">{connection.googleEmail}</span>
                </p>
                <p className="text-slate-600">
                  Last in touch with Google: {connection.lastSyncAt ? stamp(connection.lastSyncAt) : "not yet"}.
                  Bookings are added to your Google calendar, and times it shows as busy aren't offered to callers.
                </p>
                {canManage && googleCalendars === null && !connection.connectionBrokenAt ? (
                  <p className="text-amber-800">
                    Google didn't list your calendars just now. Reload the page to try again.
                  </p>
                ) : null}
                {canManage && googleCalendars && googleCalendars.length > 0 ? (
                  <GoogleCalendarsForm
                    slug={slug}
                    calendars={googleCalendars}
                    eventsCalendarId={connection.googleCalendarId ?? ""}
                    busyCalendarIds={connection.googleBusyCalendarIds}
                  />
                ) : null}
                {canManage ? (
                  <div className="flex flex-wrap gap-3">
                    {connection.connectionBrokenAt && googleCfg ? (
                      <a className={buttonClass("primary")} href={`/api/integrations/google/connect?slug=${slug}`}>
                        Reconnect Google Calendar
                      </a>
                    ) : null}
                    <ConfirmForm
                      action={disconnectGoogleAction}
                      hidden={{ slug }}
                      trigger="Disconnect Google Calendar"
                      title="Disconnect Google Calendar?"
                      body="New bookings stay here only, and your Google calendar's busy times stop blocking them. Events already in Google stay there."
                      confirmLabel="Disconnect"
                    />
                  </div>
                ) : null}
              </div>
            ) : onCalcom && connection ? (
              <div className="space-y-3 text-sm">
                {connection.connectionBrokenAt ? (
                  <Notice tone="red" title="Cal.com needs a new API key">
                    {connection.connectionError} (since {stamp(connection.connectionBrokenAt)})
                  </Notice>
                ) : null}
                <p>
                  <Badge tone={connection.connectionBrokenAt ? "red" : "green"}>
                    {connection.connectionBrokenAt ? "Not working" : "Connected"}
                  </Badge>{" "}
                  Cal.com: <span className="font-medium">{connection.calcomEmail}</span>
                </p>
                <p className="text-slate-600">
                  Last in touch with Cal.com: {connection.lastSyncAt ? stamp(connection.lastSyncAt) : "not yet"}.
                  Callers are offered times that are free both here and in Cal.com, and bookings are made in Cal.com.
                </p>
                {canManage && calcomEventTypes === null && !connection.connectionBrokenAt ? (
                  <p className="text-amber-800">
                    Cal.com didn't list your event types just now. Reload the page to try again.
                  </p>
                ) : null}
                {canManage && calcomEventTypes
                  ? types.map((t) => (
                      <CalcomLinkForm
                        key={t.id}
                        slug={slug}
                        appointmentTypeId={t.id}
                        label={`${t.name} (${t.durationMinutes} min) is booked in Cal.com as`}
                        eventTypes={calcomEventTypes.map((e) => ({
                          value: String(e.id),
                          label: `${e.title} (${e.lengthInMinutes} min)`,
                        }))}
                        current={t.calcomEventTypeId}
                      />
                    ))
                  : null}
                {canManage ? (
                  <div className="space-y-3">
                    {connection.connectionBrokenAt ? <CalcomConnectForm slug={slug} /> : null}
                    <ConfirmForm
                      action={disconnectCalcomAction}
                      hidden={{ slug }}
                      trigger="Disconnect Cal.com"
                      title="Disconnect Cal.com?"
                      body="New bookings stay here only, and Cal.com's availability stops applying. Bookings already in Cal.com stay there."
                      confirmLabel="Disconnect"
                    />
                  </div>
                ) : null}
              </div>
            ) : (
              <div className="space-y-3 text-sm">
                <p>
                  <Badge>Built-in calendar</Badge> Bookings are kept here, in this dashboard.
                </p>
                {canManage ? (
                  googleCfg ? (
                    <a className={buttonClass("secondary")} href={`/api/integrations/google/connect?slug=${slug}`}>
                      Connect Google Calendar
                    </a>
                  ) : (
                    <p className="text-slate-600">
                      Google Calendar can't be connected on this server yet: ask whoever runs Articulate for you to
                      enable it.
                    </p>
                  )
                ) : null}
                {canManage ? (
                  <div className="border-t border-slate-100 pt-3">
                    <p className="mb-2 text-slate-600">Or book into Cal.com instead:</p>
                    <CalcomConnectForm slug={slug} />
                  </div>
                ) : null}
              </div>
            )}
          </Card>

          {feedPath ? (
            <Card title="Your phone's calendar">
              <p className="text-sm text-slate-600">
                Subscribe to this link in Apple Calendar, Google Calendar or Outlook to see bookings on your phone.
                Anyone with the link can see them: keep it private.
              </p>
              <input
                readOnly
                aria-label="Calendar feed link"
                value={`${appUrl()}${feedPath}`}
                className="mt-2 block w-full rounded border border-slate-300 bg-slate-50 px-2 py-1 font-mono text-xs"
              />
              <div className="mt-3">
                <ConfirmForm
                  action={rotateFeedAction}
                  hidden={{ slug }}
                  trigger="Make a new link"
                  title="Make a new calendar link?"
                  body="The current link stops working straight away; calendars subscribed to it stop updating."
                  confirmLabel="Make a new link"
                />
              </div>
            </Card>
          ) : null}
        </div>
      </>
    );
  });
}
