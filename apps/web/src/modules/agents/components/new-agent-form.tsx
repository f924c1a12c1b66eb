"use client";
import { useActionState } from "react";
import { FormAlert } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { createAgentAction } from "../actions";

export function NewAgentForm({
  slug,
  templates,
}: {
  slug: string;
  templates: { value: string; label: string; description: string }[];
}) {
  const [state, action] = useActionState(createAgentAction, idleState);
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="slug" value={slug} />
      <FormAlert state={state} />
      <div className="grid gap-3 md:grid-cols-3">
        {templates.map((t, i) => (
          <label
            key={t.value}
            className="flex cursor-pointer flex-col gap-1 rounded-lg border border-slate-200 bg-white p-4 has-checked:border-brand-600 has-checked:ring-2 has-checked:ring-brand-100"
          >
            <span className="flex items-center gap-2 font-medium">
              <input
                type="radio"
                name="template"
                value={t.value}
                defaultChecked={i === 0}
                className="accent-brand-600"
              />
              {t.label}
            </span>
            <span className="text-sm text-slate-600">{t.description}</span>
          </label>
        ))}
      </div>
      <SubmitButton pendingLabel="Creating…">Create agent</SubmitButton>
    </form>
  );
}
