// Form building blocks: labelled fields with their error and hint wired for screen readers.
import type { ReactNode } from "react";
import type { ActionState } from "@/lib/authz/action-state";

const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-xs placeholder:text-slate-400 focus:border-brand-500 focus:outline-2 focus:outline-brand-100 aria-invalid:border-red-500 disabled:bg-slate-100";

interface FieldBase {
  name: string;
  /** Element id when a page shows the same field name in several forms (defaults to name). */
  id?: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  className?: string;
}

function FieldShell({
  name,
  id = name,
  label,
  hint,
  error,
  required,
  className,
  children,
}: FieldBase & { children: ReactNode }) {
  return (
    <div className={`space-y-1 ${className ?? ""}`}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
        {required ? <span className="text-red-600"> *</span> : null}
      </label>
      {children}
      {hint && !error ? (
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, hint?: ReactNode, error?: string): string | undefined {
  if (error) return `${id}-error`;
  return hint ? `${id}-hint` : undefined;
}

export function TextField(
  props: FieldBase & {
    type?: string;
    defaultValue?: string | number | null;
    placeholder?: string;
    autoComplete?: string;
    inputMode?: "text" | "tel" | "email" | "numeric";
    min?: number;
    max?: number;
    step?: number;
    pattern?: string;
  },
) {
  const {
    name,
    id = name,
    hint,
    error,
    required,
    type = "text",
    defaultValue,
    placeholder,
    autoComplete,
    inputMode,
    min,
    max,
    step,
  } = props;
  return (
    <FieldShell {...props}>
      <input
        id={id}
        name={name}
        type={type}
        required={required}
        defaultValue={defaultValue ?? undefined}
        placeholder={placeholder}
        autoComplete={autoComplete}
        inputMode={inputMode}
        min={min}
        max={max}
        step={step}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={inputClass}
      />
    </FieldShell>
  );
}

export function TextArea(props: FieldBase & { defaultValue?: string | null; rows?: number; placeholder?: string }) {
  const { name, id = name, hint, error, required, defaultValue, rows = 4, placeholder } = props;
  return (
    <FieldShell {...props}>
      <textarea
        id={id}
        name={name}
        rows={rows}
        required={required}
        placeholder={placeholder}
        defaultValue={defaultValue ?? undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={inputClass}
      />
    </FieldShell>
  );
}

export function SelectField(
  props: FieldBase & { options: { value: string; label: string }[]; defaultValue?: string | null },
) {
  const { name, hint, error, required, options, defaultValue } = props;
  return (
    <FieldShell {...props}>
      <select
        id={name}
        name={name}
        required={required}
        defaultValue={defaultValue ?? undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        className={inputClass}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CheckboxField({
  name,
  id = name,
  label,
  hint,
  defaultChecked,
}: {
  name: string;
  id?: string;
  label: string;
  hint?: string;
  defaultChecked?: boolean;
}) {
  return (
    <div className="flex items-start gap-3">
      <input
        id={id}
        name={name}
        type="checkbox"
        defaultChecked={defaultChecked}
        className="mt-0.5 size-4 rounded border-slate-300 accent-brand-600"
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      </div>
    </div>
  );
}

/** The form-level outcome of an action: an error (role=alert) or a success note (role=status). */
export function FormAlert({ state }: { state: ActionState<unknown> }) {
  if (state.status === "error") {
    return (
      <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
        {state.message}
      </div>
    );
  }
  if (state.status === "success" && state.message) {
    return (
      <div
        role="status"
        className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
      >
        {state.message}
      </div>
    );
  }
  return null;
}

/** Field error and submitted value from a failed action state. */
/** Compact result of an inline action (a row's select + button): its error, or a short success note. */
export function InlineStatus({ state, successLabel }: { state: ActionState<unknown>; successLabel?: string }) {
  if (state.status === "error") {
    return (
      <span role="alert" className="text-xs text-red-700">
        {state.message}
      </span>
    );
  }
  const success = state.status === "success" ? (successLabel ?? state.message) : undefined;
  return success ? (
    <span role="status" className="text-xs text-emerald-700">
      {success}
    </span>
  ) : null;
}

export function fieldError(state: ActionState<unknown>, name: string): string | undefined {
  return state.status === "error" ? state.fieldErrors?.[name] : undefined;
}

export function submittedValue<T>(state: ActionState<unknown>, name: string, fallback: T): string | T {
  return state.status === "error" && state.values && name in state.values ? (state.values[name] as string) : fallback;
}

/**
 * A long list to search rather than scroll (e.g. timezones): a text input whose
 * suggestions the browser filters as you type. The server still validates the value.
 */
export function SearchableSelectField(
  props: FieldBase & {
    options: { value: string; label: string }[];
    defaultValue?: string | null;
    placeholder?: string;
  },
) {
  const { name, id = name, hint, error, required, options, defaultValue, placeholder } = props;
  return (
    <FieldShell {...props}>
      <input
        id={id}
        name={name}
        type="search"
        list={`${id}-options`}
        required={required}
        defaultValue={defaultValue ?? undefined}
        placeholder={placeholder ?? "Type to search"}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={inputClass}
      />
      <datalist id={`${id}-options`}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label === o.value.replace(/_/g, " ") ? undefined : o.label}
          </option>
        ))}
      </datalist>
    </FieldShell>
  );
}
