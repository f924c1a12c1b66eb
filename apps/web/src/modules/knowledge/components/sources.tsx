"use client";
// Website imports (with live progress) and text documents (pasted, or a .txt/.md
// file read in the browser into the text box).
import { useRouter } from "next/navigation";
import { type ChangeEvent, useActionState, useEffect } from "react";
import { ConfirmForm } from "@/components/ui/confirm-form";
import { FormAlert, fieldError, InlineStatus, TextArea, TextField } from "@/components/ui/form";
import { Badge, type BadgeTone } from "@/components/ui/layout";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { addTextDocumentAction, addWebsiteAction, deleteSourceAction, reimportWebsiteAction } from "../actions";

export interface SourceRow {
  id: string;
  kind: "WEBSITE" | "TEXT";
  title: string;
  url: string | null;
  status: "PENDING" | "RUNNING" | "SUCCEEDED" | "FAILED";
  error: string | null;
  progress: {
    found: number;
    fetched: number;
    skipped: { url: string; reason: string }[];
    notes: { url: string; note: string }[];
    passages: number;
  } | null;
  passageCount: number;
  /** Already formatted in the tenant's timezone; null = never. */
  lastImported: string | null;
}

const STATUS: Record<SourceRow["status"], { label: string; tone: BadgeTone }> = {
  PENDING: { label: "Waiting", tone: "gray" },
  RUNNING: { label: "Importing…", tone: "blue" },
  SUCCEEDED: { label: "Ready", tone: "green" },
  FAILED: { label: "Failed", tone: "red" },
};

/** Refreshes the page every 2 s while an import runs, so progress counts move. */
export function ImportProgressRefresher({ running }: { running: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!running) return;
    const t = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(t);
  }, [running, router]);
  return null;
}

export function AddWebsiteForm({ slug, agentId }: { slug: string; agentId: string }) {
  const [state, action] = useActionState(addWebsiteAction, idleState);
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="agentId" value={agentId} />
      <TextField
        name="url"
        label="Your website's address"
        required
        placeholder="https://www.harbourdental.com.au"
        hint="We read up to 50 pages from its sitemap and links, and respect its robots.txt."
        error={fieldError(state, "url")}
      />
      <SubmitButton pendingLabel="Starting…">Import website</SubmitButton>
      <FormAlert state={state} />
    </form>
  );
}

export function AddDocumentForm({ slug, agentId }: { slug: string; agentId: string }) {
  const [state, action] = useActionState(addTextDocumentAction, idleState);
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    const form = e.target.form;
    const area = form?.elements.namedItem("text");
    const name = form?.elements.namedItem("title");
    if (area instanceof HTMLTextAreaElement) area.value = await file.text();
    if (name instanceof HTMLInputElement && !name.value) name.value = file.name;
  };
  return (
    <form action={action} className="space-y-3" key={state.status === "success" ? state.data.id : "new"}>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="agentId" value={agentId} />
      <div className="space-y-1">
        <label htmlFor="document-file" className="block text-sm font-medium text-slate-800">
          Upload a .txt or .md file
        </label>
        <input
          id="document-file"
          type="file"
          accept=".txt,.md,text/plain,text/markdown"
          onChange={onFile}
          className="block text-sm"
        />
      </div>
      <TextField name="title" label="Title" required error={fieldError(state, "title")} />
      <TextArea
        name="text"
        label="Or paste the text"
        rows={5}
        required
        hint="Headings (# in Markdown) and blank lines split it into passages."
        error={fieldError(state, "text")}
      />
      <SubmitButton pendingLabel="Adding…">Add document</SubmitButton>
      <FormAlert state={state} />
    </form>
  );
}

function ReimportButton({ slug, agentId, sourceId }: { slug: string; agentId: string; sourceId: string }) {
  const [state, action] = useActionState(reimportWebsiteAction, idleState);
  return (
    <form action={action} className="inline-flex items-center gap-2">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="agentId" value={agentId} />
      <input type="hidden" name="sourceId" value={sourceId} />
      <SubmitButton variant="secondary" pendingLabel="Starting…">
        Re-import
      </SubmitButton>
      <InlineStatus state={state} />
    </form>
  );
}

export function SourceList({
  slug,
  agentId,
  sources,
  canEdit,
  empty,
}: {
  slug: string;
  agentId: string;
  sources: SourceRow[];
  canEdit: boolean;
  /** What to say when there are none. */
  empty: string;
}) {
  if (sources.length === 0) return <p className="text-sm text-slate-600">{empty}</p>;
  return (
    <ul className="divide-y divide-slate-100">
      {sources.map((s) => {
        const p = s.progress;
        return (
          <li key={s.id} className="space-y-1 py-3" data-testid="knowledge-source">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-medium break-all text-slate-900">{s.kind === "WEBSITE" ? s.url : s.title}</span>
              <Badge tone={STATUS[s.status].tone}>{STATUS[s.status].label}</Badge>
            </div>
            {s.kind === "WEBSITE" && p ? (
              <p className="text-sm text-slate-600">
                {p.found} pages found · {p.fetched} read · {p.skipped.length} skipped · {p.passages} passages
              </p>
            ) : (
              <p className="text-sm text-slate-600">{s.passageCount} passages</p>
            )}
            {s.error ? <p className="text-sm text-red-700">{s.error}</p> : null}
            {s.lastImported ? <p className="text-xs text-slate-500">Last imported {s.lastImported}</p> : null}
            {p && (p.skipped.length > 0 || p.notes.length > 0) ? (
              <details className="text-sm">
                <summary className="cursor-pointer text-slate-700">Skipped pages and notes</summary>
                <ul className="mt-1 list-disc space-y-0.5 pl-5 text-slate-600">
                  {p.skipped.map((x) => (
                    <li key={`s-${x.url}`}>
                      <span className="break-all">{x.url}</span>: {x.reason}
                    </li>
                  ))}
                  {p.notes.map((x) => (
                    <li key={`n-${x.url}-${x.note}`}>
                      <span className="break-all">{x.url}</span>: {x.note}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
            {canEdit ? (
              <div className="flex flex-wrap items-center gap-2 pt-1">
                {s.kind === "WEBSITE" && s.status !== "RUNNING" ? (
                  <ReimportButton slug={slug} agentId={agentId} sourceId={s.id} />
                ) : null}
                <ConfirmForm
                  action={deleteSourceAction}
                  hidden={{ slug, agentId, sourceId: s.id }}
                  trigger="Remove"
                  title="Remove this source?"
                  body="Its passages are deleted and your agent stops using them."
                  confirmLabel="Remove source"
                />
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
