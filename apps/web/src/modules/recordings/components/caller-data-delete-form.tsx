"use client";
// The caller privacy request behind a confirmation, reporting what was deleted.
import { ConfirmForm } from "@/components/ui/confirm-form";
import { deleteCallerDataAction } from "../actions";

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function CallerDataDeleteForm({ slug, callId, caller }: { slug: string; callId: string; caller: string }) {
  return (
    <ConfirmForm
      action={deleteCallerDataAction}
      hidden={{ slug, callId }}
      trigger="Delete this caller's recordings and transcripts"
      title={`Delete everything recorded from ${caller}?`}
      body="All recordings, transcripts and messages from calls with this number are deleted and can't be recovered."
      confirmLabel="Delete all"
      successText={(r) =>
        `Deleted ${plural(r.recordings, "recording", "recordings")}, ${plural(r.transcriptSegments, "transcript line", "transcript lines")} and ${plural(r.messages, "message", "messages")} from ${plural(r.calls, "call", "calls")}.`
      }
    />
  );
}
