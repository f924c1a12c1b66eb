"use server";
// Owner actions on recordings: delete one (from the call page) and a caller's
// privacy request (all their recordings, transcripts and messages). Both are
// confirmed in the UI and audited by @articulate/recordings.
import { deleteCallerData, deleteRecording } from "@articulate/recordings";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionError, notFoundInTenant, withTenantAction } from "@/lib/authz/action";
import { recordingStorageClient } from "./lib/storage";

const unavailable = () => new ActionError("Recordings can't be deleted right now: recording storage isn't set up.");

export const deleteRecordingAction = withTenantAction(
  z.object({ callId: z.string().min(1).max(64) }),
  { role: "ADMIN" },
  async ({ callId }, { tenant, user }) => {
    const storage = recordingStorageClient();
    if (!storage) throw unavailable();
    const deleted = await deleteRecording({
      tenantId: tenant.id,
      callId,
      storage,
      actor: { type: "user", id: user.id },
    });
    if (!deleted) throw notFoundInTenant("Recording");
    revalidatePath(`/t/${tenant.slug}/calls/${callId}`);
    return { callId };
  },
  { successMessage: "Recording deleted." },
);

export const deleteCallerDataAction = withTenantAction(
  z.object({ callId: z.string().min(1).max(64) }),
  { role: "ADMIN" },
  async ({ callId }, { tenant, db, user }) => {
    // The number comes from the tenant's own call row, never from the form.
    const call = await db.call.findFirst({
      where: { id: callId },
      select: { fromNumber: true, toNumber: true, direction: true },
    });
    if (!call) throw notFoundInTenant("Call");
    const result = await deleteCallerData({
      tenantId: tenant.id,
      callerNumber: call.direction === "INBOUND" ? call.fromNumber : call.toNumber,
      storage: recordingStorageClient(),
      actor: { type: "user", id: user.id },
    });
    revalidatePath(`/t/${tenant.slug}/calls`);
    return result;
  },
);
