"use client";
// The business's own SMS sender: connect (or change) the Twilio/Telnyx account,
// send a test text, disconnect (behind a confirmation).
import { useActionState, useState } from "react";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { FormAlert, fieldError, submittedValue, TextField } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { connectSmsAccountAction, removeSmsAccountAction, sendTestSmsAction } from "../actions";

export interface SmsAccountFormValues {
  provider: "TWILIO" | "TELNYX";
  accountSid: string;
  sender: string;
  messagingProfileId: string;
}

export function SmsAccountForm({ slug, current }: { slug: string; current: SmsAccountFormValues | null }) {
  const [state, action] = useActionState(connectSmsAccountAction, idleState);
  const [provider, setProvider] = useState<string>(current?.provider ?? "TWILIO");
  const twilio = provider === "TWILIO";
  const keepHint = current && current.provider === provider ? " Leave empty to keep the saved one." : "";
  return (
    <form action={action} className="max-w-xl space-y-4" aria-label="SMS account">
      <input type="hidden" name="slug" value={slug} />
      <div className="space-y-1">
        <label htmlFor="provider" className="block text-sm font-medium text-slate-800">
          Provider
        </label>
        {/* Uncontrolled and keyed on the choice: React resets a form after each submission to its
            default options, so the default must always be the provider chosen. */}
        <select
          key={provider}
          id="provider"
          name="provider"
          defaultValue={provider}
          onChange={(e) => setProvider(e.target.value)}
          aria-invalid={fieldError(state, "provider") ? true : undefined}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm"
        >
          <option value="TWILIO">Twilio</option>
          <option value="TELNYX">Telnyx</option>
        </select>
        {fieldError(state, "provider") ? (
          <p className="text-xs font-medium text-red-700">{fieldError(state, "provider")}</p>
        ) : null}
      </div>
      {twilio ? (
        <TextField
          name="accountSid"
          label="Account SID"
          defaultValue={submittedValue(state, "accountSid", current?.accountSid ?? "")}
          placeholder="AC…"
          autoComplete="off"
          hint="On your Twilio console's home page (starts with AC)."
          error={fieldError(state, "accountSid")}
        />
      ) : null}
      <TextField
        name="secret"
        label={twilio ? "Auth token" : "API key"}
        type="password"
        autoComplete="off"
        hint={
          (twilio
            ? "Next to the Account SID in the Twilio console. Stored encrypted; never shown again."
            : "Telnyx → Auth → API Keys (starts with KEY). Stored encrypted; never shown again.") + keepHint
        }
        error={fieldError(state, "secret")}
      />
      <TextField
        name="sender"
        label="Texts come from"
        defaultValue={submittedValue(state, "sender", current?.sender ?? "")}
        placeholder={twilio ? "0485 550 777, YourBiz or MG…" : "0485 550 777 or YourBiz"}
        hint={`A mobile number on your ${twilio ? "Twilio" : "Telnyx"} account, or a sender name (up to 11 letters and digits) your provider has approved${twilio ? ", or a Messaging Service SID (MG…)" : ""}. Texts from a sender name cannot be replied to.`}
        error={fieldError(state, "sender")}
      />
      {twilio ? null : (
        <TextField
          name="messagingProfileId"
          label="Messaging profile ID (optional)"
          defaultValue={submittedValue(state, "messagingProfileId", current?.messagingProfileId ?? "")}
          autoComplete="off"
          hint="Only if your Telnyx number belongs to a messaging profile you want to name."
          error={fieldError(state, "messagingProfileId")}
        />
      )}
      <FormAlert state={state} />
      <SubmitButton pendingLabel="Saving…">{current ? "Save changes" : "Connect SMS account"}</SubmitButton>
    </form>
  );
}

export function SmsTestForm({ slug, defaultTo }: { slug: string; defaultTo: string }) {
  const [state, action] = useActionState(sendTestSmsAction, idleState);
  return (
    <form action={action} className="max-w-xl space-y-4" aria-label="Send a test text">
      <input type="hidden" name="slug" value={slug} />
      <TextField
        name="to"
        label="Mobile number to text"
        type="tel"
        inputMode="tel"
        defaultValue={submittedValue(state, "to", defaultTo)}
        placeholder="0412 345 678"
        hint="We send one short text through your account to check the details work."
        error={fieldError(state, "to")}
      />
      {state.status === "success" ? (
        <div
          role="status"
          className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
        >
          Test text sent to {state.data.to}. It should arrive within a minute.
        </div>
      ) : (
        <FormAlert state={state} />
      )}
      <SubmitButton pendingLabel="Sending…">Send test SMS</SubmitButton>
    </form>
  );
}

export function RemoveSmsAccount({ slug, provider }: { slug: string; provider: string }) {
  return (
    <ConfirmForm
      action={removeSmsAccountAction}
      hidden={{ slug }}
      trigger="Disconnect SMS account"
      title={`Disconnect your ${provider} account?`}
      body={`The saved ${provider} details are deleted. You can connect again at any time.`}
      confirmLabel="Disconnect"
      successText={() => "Disconnected."}
    />
  );
}
