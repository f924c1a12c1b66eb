"use client";
import { useActionState } from "react";
import { FormAlert, fieldError, SelectField, TextArea } from "@/components/ui/form";
import { SubmitButton } from "@/components/ui/submit-button";
import { idleState } from "@/lib/authz/action-state";
import { updateMessageAction } from "../actions";

export function MessageEditor({
  slug,
  message,
  members,
}: {
  slug: string;
  message: { id: string; status: "NEW" | "SEEN" | "DONE"; assigneeId: string | null; note: string | null };
  members: { id: string; label: string }[];
}) {
  const [state, action] = useActionState(updateMessageAction, idleState);
  return (
    <form action={action} className="space-y-4" aria-label="Update message">
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="messageId" value={message.id} />
      <SelectField
        name="status"
        label="State"
        defaultValue={message.status}
        options={[
          { value: "NEW", label: "New" },
          { value: "SEEN", label: "Seen" },
          { value: "DONE", label: "Done" },
        ]}
        error={fieldError(state, "status")}
      />
      <SelectField
        name="assigneeId"
        label="Assigned to"
        defaultValue={message.assigneeId ?? ""}
        options={[{ value: "", label: "Nobody" }, ...members.map((m) => ({ value: m.id, label: m.label }))]}
        error={fieldError(state, "assigneeId")}
      />
      <TextArea
        name="note"
        label="Note"
        defaultValue={message.note}
        rows={3}
        placeholder="e.g. Called back 2:15 pm, booked for Tuesday"
        error={fieldError(state, "note")}
      />
      <FormAlert state={state} />
      <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
    </form>
  );
}
