"use client";
import { useActionState } from "react";
import {
  FormAlert,
  fieldError,
  SearchableSelectField,
  SelectField,
  submittedValue,
  TextField,
} from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { createBusinessAction } from "../actions";

export interface PlanChoice {
  value: "TRIAL" | "STARTER" | "PROFESSIONAL";
  title: string;
  price: string;
  detail: string;
}

export function CreateBusinessForm({
  countries,
  timezones,
  plans,
  stripeConfigured,
}: {
  countries: { value: string; label: string }[];
  timezones: { value: string; label: string }[];
  plans: PlanChoice[];
  stripeConfigured: boolean;
}) {
  const [state, action] = useActionState(createBusinessAction, idleState);
  const chosenPlan = submittedValue(state, "plan", "TRIAL");
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormAlert state={state} />
      <TextField
        name="name"
        label="Business name"
        required
        defaultValue={submittedValue(state, "name", "")}
        error={fieldError(state, "name")}
        placeholder="Harbour Dental"
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          name="country"
          label="Country"
          options={countries}
          defaultValue={submittedValue(state, "country", "AU")}
          error={fieldError(state, "country")}
        />
        <SearchableSelectField
          name="timezone"
          label="Timezone"
          options={timezones}
          defaultValue={submittedValue(state, "timezone", "Australia/Sydney")}
          error={fieldError(state, "timezone")}
        />
      </div>
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-800">Plan</legend>
        <div className="grid gap-3 sm:grid-cols-3">
          {plans.map((p) => (
            <label
              key={p.value}
              className="flex cursor-pointer flex-col rounded-lg border border-slate-200 p-3 has-checked:border-brand-600 has-checked:ring-2 has-checked:ring-brand-100"
            >
              <span className="flex items-center gap-2">
                <input
                  type="radio"
                  name="plan"
                  value={p.value}
                  defaultChecked={chosenPlan === p.value}
                  className="accent-brand-600"
                />
                <span className="font-medium">{p.title}</span>
              </span>
              <span className="mt-1 text-sm font-semibold">{p.price}</span>
              <span className="text-xs text-slate-600">{p.detail}</span>
            </label>
          ))}
        </div>
        {fieldError(state, "plan") ? (
          <p className="mt-1 text-xs font-medium text-red-700">{fieldError(state, "plan")}</p>
        ) : null}
        {!stripeConfigured ? (
          <p className="mt-2 text-xs text-slate-600">
            Payments are not set up on this server (Stripe is not configured), so every business starts on the free
            trial.
          </p>
        ) : null}
      </fieldset>
      <SubmitButton className="w-full sm:w-auto" pendingLabel="Creating…">
        Create business
      </SubmitButton>
    </form>
  );
}
