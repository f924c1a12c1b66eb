"use client";
import { useActionState } from "react";
import { FormAlert, fieldError, InlineStatus, SelectField, submittedValue, TextField } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { changeRoleAction, inviteMemberAction } from "../actions";

const ROLES = [
  { value: "MEMBER", label: "Member: sees calls, numbers and agents" },
  { value: "ADMIN", label: "Admin: also manages numbers, agents and team" },
  { value: "OWNER", label: "Owner: everything, including billing" },
];

export function InviteForm({ slug, canInviteOwner }: { slug: string; canInviteOwner: boolean }) {
  const [state, action] = useActionState(inviteMemberAction, idleState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="slug" value={slug} />
      {state.status === "success" ? (
        <div
          role="status"
          className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
        >
          Invitation sent to {state.data.email}. If e-mail is not set up, share this link with them:
          <input
            readOnly
            aria-label="Invitation link"
            value={state.data.link}
            className="mt-1 block w-full rounded border border-emerald-200 bg-white px-2 py-1 font-mono text-xs"
            onFocus={(e) => e.currentTarget.select()}
          />
        </div>
      ) : (
        <FormAlert state={state} />
      )}
      <div className="grid gap-4 sm:grid-cols-[1fr_24rem]">
        <TextField
          name="email"
          type="email"
          label="E-mail"
          required
          defaultValue={submittedValue(state, "email", "")}
          error={fieldError(state, "email")}
        />
        <SelectField
          name="role"
          label="Role"
          options={canInviteOwner ? ROLES : ROLES.filter((r) => r.value !== "OWNER")}
          defaultValue={submittedValue(state, "role", "MEMBER")}
          error={fieldError(state, "role")}
        />
      </div>
      <SubmitButton pendingLabel="Sending…">Send invitation</SubmitButton>
    </form>
  );
}

export function RoleSelect({
  slug,
  membershipId,
  role,
  label,
  canGrantOwner,
}: {
  slug: string;
  membershipId: string;
  role: string;
  label: string;
  canGrantOwner: boolean;
}) {
  const [state, action] = useActionState(changeRoleAction, idleState);
  const options = ROLES.filter((r) => canGrantOwner || r.value !== "OWNER" || role === "OWNER");
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="membershipId" value={membershipId} />
      <label className="sr-only" htmlFor={`role-${membershipId}`}>
        Role for {label}
      </label>
      <select
        id={`role-${membershipId}`}
        name="role"
        defaultValue={role}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        {options.map((r) => (
          <option key={r.value} value={r.value}>
            {r.value.charAt(0) + r.value.slice(1).toLowerCase()}
          </option>
        ))}
      </select>
      <SubmitButton variant="secondary" className="px-2 py-1" pendingLabel="…">
        Change
      </SubmitButton>
      <InlineStatus state={state} successLabel="Saved" />
    </form>
  );
}
