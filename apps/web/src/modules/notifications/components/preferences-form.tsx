"use client";
import { useActionState } from "react";
import { CheckboxField, FormAlert, fieldError, SelectField, submittedValue, TextField } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { saveNotificationPreferencesAction } from "../actions";

export interface PreferencesView {
  emailMode: string;
  smsMode: string;
  smsNumber: string | null;
  email: string | null;
  digestEnabled: boolean;
  digestTime: string;
}

export function PreferencesForm({
  slug,
  prefs,
  email,
  timezone,
  smsAvailable,
  smsHint,
}: {
  slug: string;
  prefs: PreferencesView;
  /** The member's sign-in address (the default destination). */
  email: string;
  timezone: string;
  smsAvailable: boolean;
  /** Where texts come from, or why none are sent. */
  smsHint: string;
}) {
  const [state, action] = useActionState(saveNotificationPreferencesAction, idleState);
  return (
    <form action={action} className="max-w-xl space-y-5" aria-label="Notification settings">
      <input type="hidden" name="slug" value={slug} />
      <SelectField
        name="emailMode"
        label="E-mail notifications"
        defaultValue={prefs.emailMode}
        options={[
          { value: "ALL_MESSAGES", label: "Every message" },
          { value: "URGENT_MESSAGES", label: "Urgent messages only" },
          { value: "ALL_CALLS", label: "Every call (and every message)" },
          { value: "NONE", label: "None" },
        ]}
        error={fieldError(state, "emailMode")}
      />
      <TextField
        name="email"
        label="Send notification e-mails to"
        inputMode="email"
        autoComplete="email"
        defaultValue={submittedValue(state, "email", prefs.email ?? "")}
        placeholder={email}
        hint={`Leave empty to use your sign-in address, ${email}. Use another address (e.g. a shared front-desk inbox) to receive them there instead.`}
        error={fieldError(state, "email")}
      />
      <SelectField
        name="smsMode"
        label="Text messages (SMS)"
        defaultValue={smsAvailable ? prefs.smsMode : "NONE"}
        options={[
          { value: "URGENT_MESSAGES", label: "Urgent messages only" },
          { value: "ALL_MESSAGES", label: "Every message" },
          { value: "NONE", label: "None" },
        ]}
        hint={smsHint}
        error={fieldError(state, "smsMode")}
      />
      <TextField
        name="smsNumber"
        label="Mobile number for texts"
        defaultValue={submittedValue(state, "smsNumber", prefs.smsNumber ?? "")}
        placeholder="0412 345 678"
        hint="An Australian mobile number."
        error={fieldError(state, "smsNumber")}
      />
      <CheckboxField
        name="digestEnabled"
        label="Daily digest e-mail"
        hint="The day's calls and messages, grouped by urgency, once a day."
        defaultChecked={prefs.digestEnabled}
      />
      <TextField
        name="digestTime"
        label={`Digest time (${timezone})`}
        type="time"
        defaultValue={prefs.digestTime}
        error={fieldError(state, "digestTime")}
      />
      <FormAlert state={state} />
      <SubmitButton pendingLabel="Saving…">Save notification settings</SubmitButton>
    </form>
  );
}
