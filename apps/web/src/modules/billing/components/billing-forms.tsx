"use client";
import { useActionState } from "react";
import { FormAlert } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { openPortalAction, startCheckoutAction } from "../actions";

export function ChangePlanForm({
  slug,
  plans,
  current,
}: {
  slug: string;
  plans: { value: string; title: string; price: string; detail: string }[];
  current: string;
}) {
  const [state, action] = useActionState(startCheckoutAction, idleState);
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="slug" value={slug} />
      <FormAlert state={state} />
      <div className="grid gap-3 sm:grid-cols-2">
        {plans.map((p) => (
          <label
            key={p.value}
            className="flex cursor-pointer flex-col rounded-lg border border-slate-200 p-4 has-checked:border-brand-600 has-checked:ring-2 has-checked:ring-brand-100"
          >
            <span className="flex items-center gap-2 font-medium">
              <input
                type="radio"
                name="plan"
                value={p.value}
                defaultChecked={p.value === current || (current === "TRIAL" && p.value === "STARTER")}
                className="accent-brand-600"
              />
              {p.title}
              {p.value === current ? <span className="text-xs text-slate-500">(current)</span> : null}
            </span>
            <span className="mt-1 text-sm font-semibold">{p.price}</span>
            <span className="text-xs text-slate-600">{p.detail}</span>
          </label>
        ))}
      </div>
      <SubmitButton pendingLabel="Opening Stripe Checkout…">Continue to checkout</SubmitButton>
    </form>
  );
}

export function PortalForm({ slug }: { slug: string }) {
  const [state, action] = useActionState(openPortalAction, idleState);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="slug" value={slug} />
      <FormAlert state={state} />
      <SubmitButton variant="secondary" pendingLabel="Opening…">
        Manage payment method and invoices
      </SubmitButton>
    </form>
  );
}
