"use client";
// Dashboard forms for bookings: add one by hand, move one, and an appointment
// type's rules. Dates are typed dd/mm/yyyy (never the browser's mm/dd/yyyy picker).
import { useActionState } from "react";
import { FormAlert, fieldError, SelectField, submittedValue, TextField } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import {
  addBookingAction,
  chooseGoogleCalendarsAction,
  connectCalcomAction,
  linkCalcomEventTypeAction,
  moveBookingAction,
  saveAppointmentTypeAction,
} from "../actions";

type Option = { value: string; label: string };

export function AddBookingForm({ slug, types, defaultDate }: { slug: string; types: Option[]; defaultDate: string }) {
  const [state, action] = useActionState(addBookingAction, idleState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <FormAlert state={state} />
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          name="appointmentTypeId"
          label="Appointment"
          options={types}
          defaultValue={submittedValue(state, "appointmentTypeId", types[0]?.value ?? "")}
          error={fieldError(state, "appointmentTypeId")}
        />
        <TextField
          name="date"
          label="Date"
          placeholder="dd/mm/yyyy"
          inputMode="numeric"
          defaultValue={submittedValue(state, "date", defaultDate)}
          error={fieldError(state, "date")}
        />
        <TextField
          name="time"
          label="Time"
          placeholder="9:30 am"
          defaultValue={submittedValue(state, "time", "")}
          error={fieldError(state, "time") ?? fieldError(state, "start")}
        />
        <TextField
          name="callerName"
          label="Name"
          autoComplete="off"
          defaultValue={submittedValue(state, "callerName", "")}
          error={fieldError(state, "callerName")}
        />
        <TextField
          name="callerPhone"
          label="Phone"
          inputMode="tel"
          placeholder="0412 345 678"
          defaultValue={submittedValue(state, "callerPhone", "")}
          error={fieldError(state, "callerPhone")}
        />
        <TextField
          name="reason"
          label="Reason (optional)"
          defaultValue={submittedValue(state, "reason", "")}
          error={fieldError(state, "reason")}
        />
      </div>
      <SubmitButton pendingLabel="Booking…">Add booking</SubmitButton>
    </form>
  );
}

export function MoveBookingForm({ slug, bookingId }: { slug: string; bookingId: string }) {
  const [state, action] = useActionState(moveBookingAction, idleState);
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-blue-700 hover:underline">Move</summary>
      <form action={action} className="mt-2 space-y-2" noValidate>
        <input type="hidden" name="slug" value={slug} />
        <input type="hidden" name="bookingId" value={bookingId} />
        <FormAlert state={state} />
        {/* One Move form per booking on the page: ids of their own, or every "Date" label points at the first. */}
        <TextField
          name="date"
          id={`move-date-${bookingId}`}
          label="New date"
          placeholder="dd/mm/yyyy"
          error={fieldError(state, "date")}
        />
        <TextField
          name="time"
          id={`move-time-${bookingId}`}
          label="New time"
          placeholder="9:30 am"
          error={fieldError(state, "time") ?? fieldError(state, "start")}
        />
        <SubmitButton pendingLabel="Moving…">Move booking</SubmitButton>
      </form>
    </details>
  );
}

export function AppointmentTypeForm({ slug, agents }: { slug: string; agents: Option[] }) {
  const [state, action] = useActionState(saveAppointmentTypeAction, idleState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <FormAlert state={state} />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          name="name"
          label="Name"
          placeholder="Check-up and clean"
          defaultValue={submittedValue(state, "name", "")}
          error={fieldError(state, "name")}
        />
        <SelectField
          name="agentId"
          label="Offered by"
          hint="Its business hours, timezone and public holidays apply."
          options={agents}
          defaultValue={submittedValue(state, "agentId", agents[0]?.value ?? "")}
          error={fieldError(state, "agentId") ?? fieldError(state, "openHours")}
        />
        <TextField
          name="durationMinutes"
          label="Length (minutes)"
          type="number"
          min={5}
          max={480}
          defaultValue={submittedValue(state, "durationMinutes", "30")}
          error={fieldError(state, "durationMinutes")}
        />
        <TextField
          name="bufferMinutes"
          label="Gap after (minutes)"
          type="number"
          min={0}
          max={240}
          defaultValue={submittedValue(state, "bufferMinutes", "0")}
          error={fieldError(state, "bufferMinutes")}
        />
        <TextField
          name="minNoticeHours"
          label="Minimum notice (hours)"
          type="number"
          min={0}
          step={0.5}
          defaultValue={submittedValue(state, "minNoticeHours", "2")}
          error={fieldError(state, "minNoticeHours") ?? fieldError(state, "minNoticeMinutes")}
        />
        <TextField
          name="maxDaysAhead"
          label="Bookable up to (days ahead)"
          type="number"
          min={1}
          max={365}
          defaultValue={submittedValue(state, "maxDaysAhead", "60")}
          error={fieldError(state, "maxDaysAhead")}
        />
      </div>
      <SubmitButton pendingLabel="Saving…">Add appointment type</SubmitButton>
    </form>
  );
}

/** Which Google calendar gets the events, and which ones' busy times keep slots free. */
export function GoogleCalendarsForm({
  slug,
  calendars,
  eventsCalendarId,
  busyCalendarIds,
}: {
  slug: string;
  calendars: Array<{ id: string; name: string }>;
  eventsCalendarId: string;
  busyCalendarIds: string[];
}) {
  const [state, action] = useActionState(chooseGoogleCalendarsAction, idleState);
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <FormAlert state={state} />
      <SelectField
        name="eventsCalendarId"
        label="Put new bookings in"
        options={calendars.map((c) => ({ value: c.id, label: c.name }))}
        defaultValue={submittedValue(state, "eventsCalendarId", eventsCalendarId)}
        error={fieldError(state, "eventsCalendarId")}
      />
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Keep these calendars' busy times free</legend>
        <div className="mt-1 space-y-1">
          {calendars.map((c) => (
            <label key={c.id} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="busyCalendarIds"
                value={c.id}
                defaultChecked={busyCalendarIds.includes(c.id)}
              />
              {c.name}
            </label>
          ))}
        </div>
      </fieldset>
      <SubmitButton>Save calendars</SubmitButton>
    </form>
  );
}

/** Connects Cal.com with the account's API key (checked with Cal.com before it is stored). */
export function CalcomConnectForm({ slug }: { slug: string }) {
  const [state, action] = useActionState(connectCalcomAction, idleState);
  return (
    <form action={action} className="space-y-3" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <FormAlert state={state} />
      <TextField
        name="apiKey"
        label="Cal.com API key"
        type="password"
        autoComplete="off"
        placeholder="cal_live_…"
        hint="In Cal.com: Settings → Developer → API keys."
        error={fieldError(state, "apiKey")}
      />
      <SubmitButton variant="secondary">Connect Cal.com</SubmitButton>
    </form>
  );
}

/** Which Cal.com event type an appointment type is booked as. */
export function CalcomLinkForm({
  slug,
  appointmentTypeId,
  label,
  eventTypes,
  current,
}: {
  slug: string;
  appointmentTypeId: string;
  label: string;
  eventTypes: Option[];
  current: number | null;
}) {
  const [state, action] = useActionState(linkCalcomEventTypeAction, idleState);
  return (
    <form action={action} className="flex flex-wrap items-end gap-3" noValidate>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="appointmentTypeId" value={appointmentTypeId} />
      <div className="min-w-56 flex-1">
        <SelectField
          name="calcomEventTypeId"
          label={label}
          options={[{ value: "", label: "Not linked (can't be booked)" }, ...eventTypes]}
          defaultValue={submittedValue(state, "calcomEventTypeId", current === null ? "" : String(current))}
          error={fieldError(state, "calcomEventTypeId")}
        />
      </div>
      <SubmitButton variant="secondary">Save</SubmitButton>
      <FormAlert state={state} />
    </form>
  );
}
