"use client";
// A model picked from the supported list. Operators (platform admins) also get
// "Custom…", which swaps the select for a text input under the same field name.
// A model already set outside the list stays selectable as itself.
import { useState } from "react";
import { SelectField, TextField } from "@/components/ui/form";
import type { ModelOption } from "../lib/models";

const CUSTOM = "__custom__";

export function ModelField({
  name,
  label,
  options,
  defaultValue,
  error,
  allowCustom,
}: {
  name: string;
  label: string;
  options: readonly ModelOption[];
  defaultValue: string;
  error?: string;
  allowCustom: boolean;
}) {
  const known = options.some((o) => o.value === defaultValue);
  const [custom, setCustom] = useState(false);
  if (custom) {
    return (
      <div>
        <TextField
          name={name}
          label={`${label} (custom)`}
          defaultValue={known ? "" : defaultValue}
          placeholder="provider/model, e.g. openai/gpt-4.1-nano"
          error={error}
          required
        />
        <button type="button" className="mt-1 text-xs text-brand-700 underline" onClick={() => setCustom(false)}>
          Choose from the list instead
        </button>
      </div>
    );
  }
  const list = [...options, ...(known ? [] : [{ value: defaultValue, label: `${defaultValue} (current)` }])];
  return (
    <div
      onChange={(e) => {
        if (e.target instanceof HTMLSelectElement && e.target.value === CUSTOM) setCustom(true);
      }}
    >
      <SelectField
        name={name}
        label={label}
        defaultValue={defaultValue}
        error={error}
        options={allowCustom ? [...list, { value: CUSTOM, label: "Custom…" }] : list}
      />
    </div>
  );
}
