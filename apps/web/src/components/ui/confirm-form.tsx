"use client";
// A destructive action behind a confirmation dialog: the form only submits from
// the dialog's confirm button, so a stray click never releases or removes anything.
import { type ReactNode, useActionState, useEffect, useId, useRef } from "react";
import type { ActionState, FormAction } from "@/lib/authz/action-state";
import { buttonClass } from "./button";
import { SubmitButton } from "./submit-button";

export function ConfirmForm<R>({
  action,
  hidden,
  trigger,
  title,
  body,
  confirmLabel,
  variant = "danger",
  successText,
}: {
  action: FormAction<R>;
  hidden: Record<string, string>;
  trigger: string;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  variant?: "danger" | "primary";
  /** What to tell the user once it is done (e.g. counts deleted); nothing when omitted. */
  successText?: (data: R, message?: string) => string;
}) {
  const [state, formAction] = useActionState(action, { status: "idle" } as ActionState<R>);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (state.status === "success") dialog.current?.close();
  }, [state]);
  return (
    <>
      <button
        type="button"
        className={buttonClass(
          variant === "danger" ? "secondary" : "primary",
          variant === "danger" ? "text-red-700" : "",
        )}
        onClick={() => dialog.current?.showModal()}
      >
        {trigger}
      </button>
      {state.status === "success" && successText ? (
        <p role="status" className="mt-1 text-xs font-medium text-emerald-700">
          {successText(state.data, state.message)}
        </p>
      ) : null}
      {state.status === "error" ? (
        <p role="alert" className="mt-1 text-xs font-medium text-red-700">
          {state.message}
        </p>
      ) : null}
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        className="m-auto w-[min(28rem,92vw)] rounded-lg p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <form action={formAction} className="space-y-4 p-5">
          {Object.entries(hidden).map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          <div className="text-sm text-slate-600">{body}</div>
          <div className="flex justify-end gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <SubmitButton variant={variant}>{confirmLabel}</SubmitButton>
          </div>
        </form>
      </dialog>
    </>
  );
}
