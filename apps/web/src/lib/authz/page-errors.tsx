// The page entry's one domain-error mapping (server actions have lib/authz/action.ts, routes
// lib/authz/route.ts, the public API modules/public-api/errors.ts). A DomainError thrown while a
// page renders reads as the status it has everywhere else (lib/domain-errors.ts): 404 → the
// not-found page, 403 → the forbidden page, anything else the domain refused → the page says so
// in the owner's words. Any other error is a bug and goes on to the error boundary (no detail).
import { DomainError } from "@articulate/core";
import { forbidden, notFound } from "next/navigation";
import type { ReactNode } from "react";
import { domainErrorStatus } from "@/lib/domain-errors";

export function pageForError(err: unknown): ReactNode {
  if (!(err instanceof DomainError)) throw err;
  const status = domainErrorStatus(err);
  if (status === 404) notFound();
  if (status === 403) forbidden();
  // Plain markup, like the error boundary's (app/t/[slug]/error.tsx): lib/ sits below components/.
  return (
    <div role="alert" className="rounded-lg border border-amber-200 bg-white p-6">
      <h1 className="text-lg font-semibold">This page cannot be shown</h1>
      <p className="mt-1 text-sm text-slate-600">{err.message}</p>
    </div>
  );
}

/** Renders a page body, mapping the DomainErrors it throws (redirect()/notFound() pass through untouched). */
export async function renderPage(render: () => Promise<ReactNode>): Promise<ReactNode> {
  try {
    return await render();
  } catch (err) {
    return pageForError(err);
  }
}
