"use client";
import Link from "next/link";
import { useActionState } from "react";
import { FormAlert, fieldError, submittedValue, TextField } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { requestPasswordResetAction, resetPasswordAction, signInAction, signUpAction } from "../actions";

export function SignInForm({ next }: { next?: string }) {
  const [state, action] = useActionState(signInAction, idleState);
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="next" value={next ?? ""} />
      <FormAlert state={state} />
      <TextField
        name="email"
        type="email"
        label="E-mail"
        autoComplete="email"
        required
        defaultValue={submittedValue(state, "email", "")}
        error={fieldError(state, "email")}
      />
      <TextField
        name="password"
        type="password"
        label="Password"
        autoComplete="current-password"
        required
        error={fieldError(state, "password")}
      />
      <SubmitButton className="w-full" pendingLabel="Signing in…">
        Sign in
      </SubmitButton>
      <p className="text-center text-sm text-slate-600">
        <Link className="text-brand-700 underline" href="/forgot-password">
          Forgot your password?
        </Link>
      </p>
    </form>
  );
}

export function SignUpForm({ next }: { next?: string }) {
  const [state, action] = useActionState(signUpAction, idleState);
  if (state.status === "success") {
    return (
      <div role="status" className="space-y-3 text-sm text-slate-700">
        <p>
          Check your inbox at <strong>{state.data.email}</strong>: we sent a message to confirm the address.
        </p>
        <p>
          <Link className="text-brand-700 underline" href={`/login?next=${encodeURIComponent(state.data.next)}`}>
            Sign in to continue
          </Link>
        </p>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="next" value={next ?? ""} />
      <FormAlert state={state} />
      <TextField
        name="name"
        label="Your name"
        autoComplete="name"
        required
        defaultValue={submittedValue(state, "name", "")}
        error={fieldError(state, "name")}
      />
      <TextField
        name="email"
        type="email"
        label="Work e-mail"
        autoComplete="email"
        required
        defaultValue={submittedValue(state, "email", "")}
        error={fieldError(state, "email")}
      />
      <TextField
        name="password"
        type="password"
        label="Password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        error={fieldError(state, "password")}
      />
      <SubmitButton className="w-full" pendingLabel="Creating your account…">
        Create account
      </SubmitButton>
    </form>
  );
}

export function ForgotPasswordForm() {
  const [state, action] = useActionState(requestPasswordResetAction, idleState);
  if (state.status === "success") {
    return (
      <p role="status" className="text-sm text-slate-700">
        If an account exists for that e-mail, a reset link is on its way. It works for one hour.
      </p>
    );
  }
  return (
    <form action={action} className="space-y-4" noValidate>
      <FormAlert state={state} />
      <TextField
        name="email"
        type="email"
        label="E-mail"
        autoComplete="email"
        required
        defaultValue={submittedValue(state, "email", "")}
        error={fieldError(state, "email")}
      />
      <SubmitButton className="w-full" pendingLabel="Sending…">
        Send reset link
      </SubmitButton>
    </form>
  );
}

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action] = useActionState(resetPasswordAction, idleState);
  if (state.status === "success") {
    return (
      <p role="status" className="text-sm text-slate-700">
        Your password was changed.{" "}
        <Link className="text-brand-700 underline" href="/login">
          Sign in
        </Link>
      </p>
    );
  }
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <FormAlert state={state} />
      <TextField
        name="password"
        type="password"
        label="New password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        error={fieldError(state, "password")}
      />
      <TextField
        name="confirm"
        type="password"
        label="Confirm password"
        autoComplete="new-password"
        required
        error={fieldError(state, "confirm")}
      />
      <SubmitButton className="w-full" pendingLabel="Saving…">
        Set new password
      </SubmitButton>
    </form>
  );
}
