"use client";
import { useActionState } from "react";
import {
  FormAlert,
  fieldError,
  InlineStatus,
  SelectField,
  submittedValue,
  TextArea,
  TextField,
} from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import {
  assignAgentAction,
  buyNumberAction,
  importNumberAction,
  retryProvisioningAction,
  setSecureMediaAction,
} from "../actions";

type Opt = { value: string; label: string };

export function AssignAgentForm({
  slug,
  phoneNumberId,
  agentId,
  agents,
  label,
}: {
  slug: string;
  phoneNumberId: string;
  agentId: string | null;
  agents: Opt[];
  label: string;
}) {
  const [state, action] = useActionState(assignAgentAction, idleState);
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="phoneNumberId" value={phoneNumberId} />
      <label htmlFor={`agent-${phoneNumberId}`} className="sr-only">
        Agent answering {label}
      </label>
      <select
        id={`agent-${phoneNumberId}`}
        name="agentId"
        defaultValue={agentId ?? ""}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        <option value="">No agent (calls are not answered)</option>
        {agents.map((a) => (
          <option key={a.value} value={a.value}>
            {a.label}
          </option>
        ))}
      </select>
      <SubmitButton variant="secondary" className="px-2 py-1" pendingLabel="Saving…">
        Assign
      </SubmitButton>
      <InlineStatus state={state} successLabel="Saved" />
    </form>
  );
}

export function RetryProvisioningForm({ slug, phoneNumberId }: { slug: string; phoneNumberId: string }) {
  const [state, action] = useActionState(retryProvisioningAction, idleState);
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="phoneNumberId" value={phoneNumberId} />
      <SubmitButton variant="primary" className="px-2.5 py-1" pendingLabel="Retrying…">
        Retry setup
      </SubmitButton>
      {state.status === "error" ? (
        <p role="alert" className="text-xs text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}

/** Switches required encryption (SRTP) on or off for one number. */
export function SecureMediaForm({
  slug,
  phoneNumberId,
  required,
}: {
  slug: string;
  phoneNumberId: string;
  required: boolean;
}) {
  const [state, action] = useActionState(setSecureMediaAction, idleState);
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="phoneNumberId" value={phoneNumberId} />
      <input type="hidden" name="requireSecureMedia" value={required ? "false" : "true"} />
      <SubmitButton variant="secondary" className="px-2.5 py-1" pendingLabel="Saving…">
        {required ? "Allow unencrypted calls" : "Require encrypted calls"}
      </SubmitButton>
      <InlineStatus state={state} />
    </form>
  );
}

export interface BuyCandidate {
  provider: string;
  e164: string;
  display: string;
  locality?: string;
  monthlyCost?: string;
  currency?: string;
  requirements: { field: string; label: string; description: string }[];
}

export function BuyNumberForm({
  slug,
  candidate,
  agents,
  businessName,
}: {
  slug: string;
  candidate: BuyCandidate;
  agents: Opt[];
  businessName: string;
}) {
  const [state, action] = useActionState(buyNumberAction, idleState);
  const needsAddress = candidate.requirements.some((r) => r.field === "businessAddress");
  const needsName = candidate.requirements.some((r) => r.field === "businessName");
  const other = candidate.requirements.filter((r) => r.field !== "businessAddress" && r.field !== "businessName");
  return (
    <form action={action} className="space-y-3" aria-label={`Buy ${candidate.display}`}>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="provider" value={candidate.provider} />
      <input type="hidden" name="phoneNumber" value={candidate.e164} />
      <input type="hidden" name="monthlyCost" value={candidate.monthlyCost ?? ""} />
      <input type="hidden" name="currency" value={candidate.currency ?? ""} />
      <FormAlert state={state} />
      <SelectField
        name="agentId"
        label="Agent that answers"
        options={agents}
        defaultValue={submittedValue(state, "agentId", agents[0]?.value ?? "")}
        error={fieldError(state, "agentId")}
      />
      {needsName ? (
        <TextField
          name="businessName"
          label="Registered business name"
          required
          defaultValue={submittedValue(state, "businessName", businessName)}
          error={fieldError(state, "businessName")}
        />
      ) : null}
      {needsAddress ? (
        <fieldset className="grid gap-3 sm:grid-cols-2">
          <legend className="mb-1 text-sm font-medium">
            Australian street address (carrier requirement, no PO boxes)
          </legend>
          <TextField
            name="street"
            label="Street"
            required
            className="sm:col-span-2"
            defaultValue={submittedValue(state, "street", "")}
            error={fieldError(state, "street")}
          />
          <TextField
            name="city"
            label="Suburb / city"
            required
            defaultValue={submittedValue(state, "city", "")}
            error={fieldError(state, "city")}
          />
          <TextField
            name="region"
            label="State"
            required
            placeholder="NSW"
            defaultValue={submittedValue(state, "region", "")}
            error={fieldError(state, "region")}
          />
          <TextField
            name="postalCode"
            label="Postcode"
            required
            inputMode="numeric"
            defaultValue={submittedValue(state, "postalCode", "")}
            error={fieldError(state, "postalCode")}
          />
        </fieldset>
      ) : null}
      {other.length > 0 ? (
        <ul className="list-disc pl-5 text-xs text-slate-600">
          {other.map((r) => (
            <li key={r.field}>
              <strong>{r.label}:</strong> {r.description}
            </li>
          ))}
        </ul>
      ) : null}
      <SubmitButton pendingLabel="Buying and connecting…">Buy {candidate.display}</SubmitButton>
    </form>
  );
}

export function ImportNumberForm({
  slug,
  agents,
  disabled = false,
}: {
  slug: string;
  agents: Opt[];
  /** The installation cannot connect numbers: the form is shown but cannot be sent. */
  disabled?: boolean;
}) {
  const [state, action] = useActionState(importNumberAction, idleState);
  const mode = submittedValue(state, "authMode", "credentials");
  return (
    <form action={action} noValidate>
      <fieldset disabled={disabled} className="space-y-4 disabled:opacity-60">
        <input type="hidden" name="slug" value={slug} />
        <FormAlert state={state} />
        <TextField
          name="phoneNumber"
          type="tel"
          label="Your existing number"
          required
          placeholder="02 5550 1234"
          hint="Australian numbers can be typed locally."
          defaultValue={submittedValue(state, "phoneNumber", "")}
          error={fieldError(state, "phoneNumber")}
        />
        <TextField
          name="label"
          label="Label (optional)"
          placeholder="Main line"
          defaultValue={submittedValue(state, "label", "")}
          error={fieldError(state, "label")}
        />
        <SelectField
          name="agentId"
          label="Agent that answers"
          options={agents}
          defaultValue={submittedValue(state, "agentId", agents[0]?.value ?? "")}
          error={fieldError(state, "agentId")}
        />
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">How does your carrier send calls to us?</legend>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="authMode"
              value="credentials"
              defaultChecked={mode === "credentials"}
              className="mt-1 accent-brand-600"
            />
            <span>
              <strong>With a username and password</strong> (most carriers, e.g. VoIPline, Crazytel). We generate them
              for you.
            </span>
          </label>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="authMode"
              value="addresses"
              defaultChecked={mode === "addresses"}
              className="mt-1 accent-brand-600"
            />
            <span>
              <strong>From fixed IP addresses</strong> that your carrier publishes.
            </span>
          </label>
        </fieldset>
        <TextArea
          name="allowedAddresses"
          label="Carrier IP addresses (only for the IP option)"
          rows={2}
          placeholder="203.0.113.10, 203.0.113.0/28"
          defaultValue={submittedValue(state, "allowedAddresses", "")}
          error={fieldError(state, "allowedAddresses")}
        />
        <SubmitButton pendingLabel="Connecting…">Connect number</SubmitButton>
      </fieldset>
    </form>
  );
}
