"use client";
// Stops a dashboard form whose contents exceed the server's body limit before it
// is sent, and says so on the largest field (the server would answer 413).
import { useEffect } from "react";

/** Room for the action id, multipart boundaries and field names. */
const OVERHEAD_BYTES = 8 * 1024;

function checkSize(event: SubmitEvent, limitBytes: number): void {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const encoder = new TextEncoder();
  let total = 0;
  let largest: { el: HTMLInputElement | HTMLTextAreaElement; bytes: number } | null = null;
  for (const [name, value] of new FormData(form, event.submitter)) {
    const bytes = typeof value === "string" ? encoder.encode(value).length : value.size;
    total += bytes + name.length;
    const el = form.elements.namedItem(name);
    if ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && (!largest || bytes > largest.bytes))
      largest = { el, bytes };
  }
  if (total + OVERHEAD_BYTES <= limitBytes) return;
  // Capture phase on document: React's form-action handler never sees the event.
  event.preventDefault();
  event.stopPropagation();
  const message = `This form is too large to save (at most ${limitBytes / 1024} KB in total). Shorten this field.`;
  if (largest) {
    const el = largest.el;
    el.setCustomValidity(message);
    el.reportValidity();
    el.addEventListener("input", () => el.setCustomValidity(""), { once: true });
  } else {
    window.alert(message);
  }
}

/** `limitBytes` comes from the server (MAX_BODY_BYTES.form in @articulate/core). */
export function FormSizeGuard({ limitBytes }: { limitBytes: number }): null {
  useEffect(() => {
    const onSubmit = (event: SubmitEvent) => checkSize(event, limitBytes);
    document.addEventListener("submit", onSubmit, { capture: true });
    return () => document.removeEventListener("submit", onSubmit, { capture: true });
  }, [limitBytes]);
  return null;
}
