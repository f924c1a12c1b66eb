// Versioned tenant webhook events. The payload a receiver gets is
// { id, type, apiVersion, createdAt, data }; `id` is the event id, stable across
// retries and replays so receivers can dedupe. A breaking change to any `data`
// shape means a new WEBHOOK_API_VERSION, never an in-place edit.
import type {
  BookingModel as Booking,
  CallModel as Call,
  KnowledgeGapModel as KnowledgeGap,
  MessageModel as Message,
  PhoneNumberModel as PhoneNumber,
  TranscriptSegmentModel as TranscriptSegment,
} from "@articulate/db";
import { z } from "zod";

export const WEBHOOK_API_VERSION = "2026-11-01";

export const WEBHOOK_EVENT_TYPES = [
  "call.started",
  "call.ended",
  "call.transcript_completed",
  "call.analyzed",
  "message.taken",
  "message.updated",
  "number.provisioned",
  "recording.ready",
  "knowledge.gap",
  "booking.created",
  "booking.updated",
  "booking.cancelled",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);

const isoTime = z.iso.datetime({ offset: true });

export const webhookCallSchema = z.object({
  id: z.string(),
  direction: z.enum(["INBOUND", "OUTBOUND"]),
  status: z.enum(["RINGING", "IN_PROGRESS", "COMPLETED", "FAILED", "NO_ANSWER", "BUSY", "DECLINED"]),
  from: z.string(),
  to: z.string(),
  agentId: z.string().nullable(),
  phoneNumberId: z.string().nullable(),
  startedAt: isoTime,
  answeredAt: isoTime.nullable(),
  endedAt: isoTime.nullable(),
  endReason: z.string().nullable(),
  billableSeconds: z.number().int(),
  billableMinutes: z.number().int(),
});

export const webhookTranscriptTurnSchema = z.object({
  sequence: z.number().int(),
  speaker: z.enum(["CALLER", "AGENT", "SYSTEM"]),
  text: z.string(),
  startMs: z.number().int().nullable().describe("Offset from answer, milliseconds"),
  endMs: z.number().int().nullable(),
});

/** Whether a recording of the call is coming (#15): expected is true while it is recording or processing, and once ready. */
export const webhookRecordingStatusSchema = z.object({
  expected: z.boolean(),
  state: z.enum(["none", "recording", "processing", "ready", "failed", "deleted"]),
});

export const webhookMessageSchema = z.object({
  id: z.string(),
  callId: z.string().nullable(),
  agentId: z.string().nullable(),
  callerName: z.string(),
  callbackNumber: z.string(),
  reason: z.string(),
  urgency: z.enum(["URGENT", "NORMAL"]),
  status: z.enum(["NEW", "SEEN", "DONE"]),
  assigneeId: z.string().nullable().describe("User id of the member handling it"),
  note: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

type MessageFields = Pick<
  Message,
  | "id"
  | "callId"
  | "agentId"
  | "callerName"
  | "callbackNumber"
  | "reason"
  | "urgency"
  | "status"
  | "assigneeId"
  | "note"
  | "createdAt"
  | "updatedAt"
>;

/** The public shape of a message (webhooks and the API). */
export function webhookMessage(m: MessageFields): z.infer<typeof webhookMessageSchema> {
  return {
    id: m.id,
    callId: m.callId,
    agentId: m.agentId,
    callerName: m.callerName,
    callbackNumber: m.callbackNumber,
    reason: m.reason,
    urgency: m.urgency,
    status: m.status,
    assigneeId: m.assigneeId,
    note: m.note,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}

const webhookBookingSchema = z.object({
  booking: z.object({
    id: z.string(),
    appointmentTypeId: z.string(),
    appointmentType: z.string().describe("The appointment type's name"),
    status: z.enum(["CONFIRMED", "CANCELLED"]),
    source: z.enum(["AGENT", "DASHBOARD", "API"]),
    startsAt: isoTime,
    endsAt: isoTime,
    callerName: z.string(),
    callerPhone: z.string(),
    reason: z.string().nullable(),
    answers: z.record(z.string(), z.string()),
    callId: z.string().nullable().describe("The call that made it, for bookings the agent made"),
  }),
});

export const webhookEventDataSchemas = {
  "call.started": z.object({ call: webhookCallSchema }),
  "call.ended": z.object({
    call: webhookCallSchema,
    transcript: z.array(webhookTranscriptTurnSchema),
    recording: webhookRecordingStatusSchema,
    /**
     * true when the worker finalized the call after its transcript finished
     * saving, with nothing lost. false when LiveKit's webhook finalized it first
     * (the worker died, or the caller's leaving arrived first) or segments could
     * not be stored; if the worker then finishes saving, call.transcript_completed follows.
     */
    transcriptComplete: z.boolean(),
  }),
  "call.transcript_completed": z.object({
    call: z.object({ id: z.string() }),
    transcript: z.array(webhookTranscriptTurnSchema),
    /** Segments that could not be stored (0 = the transcript is whole). */
    unwrittenSegments: z.number().int(),
  }),
  "call.analyzed": z.object({
    call: z.object({ id: z.string() }),
    analysisStatus: z.enum(["ANALYSED", "NOT_ANALYSED", "FAILED"]),
    summary: z.string().nullable(),
    outcome: z.enum(["RESOLVED", "MESSAGE_TAKEN", "TRANSFERRED", "SPAM", "ABANDONED", "OTHER"]).nullable(),
    recording: webhookRecordingStatusSchema,
  }),
  "message.taken": z.object({ message: webhookMessageSchema }),
  "message.updated": z.object({
    message: webhookMessageSchema,
    changed: z.array(z.enum(["status", "assigneeId", "note"])).describe("Fields this change set"),
  }),
  "number.provisioned": z.object({
    phoneNumber: z.object({
      id: z.string(),
      e164: z.string(),
      provider: z.enum(["TELNYX", "TWILIO", "LIVEKIT", "BYO"]),
      numberType: z.enum(["LOCAL", "MOBILE", "TOLL_FREE"]),
      country: z.string(),
      agentId: z.string().nullable(),
      status: z.string(),
    }),
  }),
  "recording.ready": z.object({
    recording: z.object({
      callId: z.string(),
      durationMs: z.number().int().nullable(),
      sizeBytes: z.number().int().nullable(),
      expiresAt: isoTime.nullable().describe("When the retention purge deletes it"),
    }),
  }),
  "knowledge.gap": z.object({
    gap: z.object({
      id: z.string(),
      agentId: z.string(),
      callId: z.string().nullable(),
      question: z.string().describe("What the caller asked that the agent could not answer"),
      createdAt: isoTime,
    }),
  }),
  "booking.created": webhookBookingSchema,
  "booking.updated": webhookBookingSchema,
  "booking.cancelled": webhookBookingSchema,
} satisfies Record<WebhookEventType, z.ZodType>;

export type WebhookEventData<T extends WebhookEventType> = z.infer<(typeof webhookEventDataSchemas)[T]>;

/** The envelope schema of one event type (used for the OpenAPI `webhooks` section). */
export function webhookEnvelopeSchema<T extends WebhookEventType>(type: T) {
  return z.object({
    id: z.string().describe("Event id; identical across retries and replays"),
    type: z.literal(type),
    apiVersion: z.literal(WEBHOOK_API_VERSION),
    createdAt: isoTime,
    data: webhookEventDataSchemas[type],
  });
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

type CallFields = Pick<
  Call,
  | "id"
  | "direction"
  | "status"
  | "fromNumber"
  | "toNumber"
  | "agentId"
  | "phoneNumberId"
  | "startedAt"
  | "answeredAt"
  | "endedAt"
  | "endReason"
  | "billableSeconds"
  | "billableMinutes"
>;

export function webhookCall(call: CallFields): z.infer<typeof webhookCallSchema> {
  return {
    id: call.id,
    direction: call.direction,
    status: call.status,
    from: call.fromNumber,
    to: call.toNumber,
    agentId: call.agentId,
    phoneNumberId: call.phoneNumberId,
    startedAt: call.startedAt.toISOString(),
    answeredAt: iso(call.answeredAt),
    endedAt: iso(call.endedAt),
    endReason: call.endReason,
    billableSeconds: call.billableSeconds,
    billableMinutes: call.billableMinutes,
  };
}

export function webhookRecordingStatus(
  call: Pick<Call, "recordingState">,
): z.infer<typeof webhookRecordingStatusSchema> {
  const state = call.recordingState.toLowerCase() as z.infer<typeof webhookRecordingStatusSchema>["state"];
  return { expected: state === "recording" || state === "processing" || state === "ready", state };
}

export function recordingReadyEventData(
  call: Pick<Call, "id" | "recordingDurationMs" | "recordingSizeBytes" | "recordingExpiresAt">,
): WebhookEventData<"recording.ready"> {
  return {
    recording: {
      callId: call.id,
      durationMs: call.recordingDurationMs,
      sizeBytes: call.recordingSizeBytes === null ? null : Number(call.recordingSizeBytes),
      expiresAt: iso(call.recordingExpiresAt),
    },
  };
}

export function callStartedEventData(call: CallFields): WebhookEventData<"call.started"> {
  return { call: webhookCall(call) };
}

export function callEndedEventData(
  call: CallFields & Pick<Call, "recordingState">,
  segments: Pick<TranscriptSegment, "sequence" | "speaker" | "text" | "startMs" | "endMs">[],
  transcriptComplete: boolean,
): WebhookEventData<"call.ended"> {
  return {
    call: webhookCall(call),
    transcriptComplete,
    transcript: [...segments]
      .sort((a, b) => a.sequence - b.sequence)
      .map((s) => ({ sequence: s.sequence, speaker: s.speaker, text: s.text, startMs: s.startMs, endMs: s.endMs })),
    recording: webhookRecordingStatus(call),
  };
}

export function callTranscriptCompletedEventData(
  callId: string,
  segments: Pick<TranscriptSegment, "sequence" | "speaker" | "text" | "startMs" | "endMs">[],
  unwrittenSegments: number,
): WebhookEventData<"call.transcript_completed"> {
  return {
    call: { id: callId },
    transcript: segments.map((s) => ({
      sequence: s.sequence,
      speaker: s.speaker,
      text: s.text,
      startMs: s.startMs,
      endMs: s.endMs,
    })),
    unwrittenSegments,
  };
}

export function callAnalyzedEventData(
  call: Pick<Call, "id" | "analysisStatus" | "summary" | "outcome" | "recordingState">,
): WebhookEventData<"call.analyzed"> {
  if (call.analysisStatus === "PENDING") throw new Error("call.analyzed is only sent once analysis has finished");
  return {
    call: { id: call.id },
    analysisStatus: call.analysisStatus,
    summary: call.summary,
    outcome: call.outcome,
    recording: webhookRecordingStatus(call),
  };
}

export function messageTakenEventData(message: MessageFields): WebhookEventData<"message.taken"> {
  return { message: webhookMessage(message) };
}

export function messageUpdatedEventData(
  message: MessageFields,
  changed: WebhookEventData<"message.updated">["changed"],
): WebhookEventData<"message.updated"> {
  return { message: webhookMessage(message), changed };
}

export function numberProvisionedEventData(
  number: Pick<PhoneNumber, "id" | "e164" | "provider" | "numberType" | "country" | "agentId" | "status">,
): WebhookEventData<"number.provisioned"> {
  return {
    phoneNumber: {
      id: number.id,
      e164: number.e164,
      provider: number.provider,
      numberType: number.numberType,
      country: number.country,
      agentId: number.agentId,
      status: number.status,
    },
  };
}

export function knowledgeGapEventData(
  gap: Pick<KnowledgeGap, "id" | "agentId" | "callId" | "question" | "createdAt">,
): WebhookEventData<"knowledge.gap"> {
  return {
    gap: {
      id: gap.id,
      agentId: gap.agentId,
      callId: gap.callId,
      question: gap.question,
      createdAt: gap.createdAt.toISOString(),
    },
  };
}

type BookingFields = Pick<
  Booking,
  | "id"
  | "appointmentTypeId"
  | "status"
  | "source"
  | "startsAt"
  | "endsAt"
  | "callerName"
  | "callerPhone"
  | "reason"
  | "answers"
  | "callId"
>;

/** booking.created / booking.updated / booking.cancelled share one shape. */
export function bookingEventData(
  booking: BookingFields,
  appointmentTypeName: string,
): WebhookEventData<"booking.created"> {
  const answers =
    booking.answers && typeof booking.answers === "object" && !Array.isArray(booking.answers)
      ? Object.fromEntries(Object.entries(booking.answers).map(([k, v]) => [k, String(v)]))
      : {};
  return {
    booking: {
      id: booking.id,
      appointmentTypeId: booking.appointmentTypeId,
      appointmentType: appointmentTypeName,
      status: booking.status,
      source: booking.source,
      startsAt: booking.startsAt.toISOString(),
      endsAt: booking.endsAt.toISOString(),
      callerName: booking.callerName,
      callerPhone: booking.callerPhone,
      reason: booking.reason,
      answers,
      callId: booking.callId,
    },
  };
}
