// One call with its transcript (segments in spoken order) and the messages the
// agent took, read within a tenant: another tenant's call id reads as null.
//
// Hand-written SQL on the shared pool, three reads in parallel: with hundreds of
// segments the ORM's per-row mapping and per-query compilation cost 2.5–3× the
// raw reads (docs/benchmarks.md). Every read is scoped by tenantId, and the
// children are dropped when the call is not this tenant's.
import { sqlPool } from "../client";
import { type Call, type Message, Prisma } from "../generated/prisma/client";
import type { Speaker } from "../generated/prisma/enums";

export interface TranscriptLine {
  sequence: number;
  speaker: Speaker;
  text: string;
  /** Offsets from call answer, milliseconds. */
  startMs: number | null;
  endMs: number | null;
}

export type CallMessage = Pick<
  Message,
  "id" | "callerName" | "callbackNumber" | "reason" | "urgency" | "status" | "createdAt"
>;

export type CallWithTranscript = Call & { segments: TranscriptLine[]; messages: CallMessage[] };

// Every scalar of Call, from the generated client, so a new column is read too.
const CALL_SQL = `SELECT ${Object.values(Prisma.CallScalarFieldEnum)
  .map((c) => `"${c}"`)
  .join(", ")} FROM "Call" WHERE "id" = $1 AND "tenantId" = $2`;
const SEGMENTS_SQL = `SELECT "sequence", "speaker", "text", "startMs", "endMs" FROM "TranscriptSegment"
 WHERE "callId" = $1 AND "tenantId" = $2 ORDER BY "sequence"`;
const MESSAGES_SQL = `SELECT "id", "callerName", "callbackNumber", "reason", "urgency", "status", "createdAt" FROM "Message"
 WHERE "callId" = $1 AND "tenantId" = $2 ORDER BY "createdAt", "id"`;

/** pg returns NUMERIC as a string; the Call type (like Prisma) carries a Decimal. */
type CallRow = Omit<Call, "platformCostMinor"> & { platformCostMinor: string };

export async function getCallWithTranscript(tenantId: string, callId: string): Promise<CallWithTranscript | null> {
  if (typeof tenantId !== "string" || tenantId.length === 0)
    throw new Error("getCallWithTranscript: tenantId is required");
  if (typeof callId !== "string" || callId.length === 0 || callId.length > 64) return null;
  const pool = sqlPool();
  const values = [callId, tenantId];
  const [call, segments, messages] = await Promise.all([
    pool.query<CallRow>({ name: "articulate_transcript_call", text: CALL_SQL, values }),
    pool.query<TranscriptLine>({ name: "articulate_transcript_segments", text: SEGMENTS_SQL, values }),
    pool.query<CallMessage>({ name: "articulate_transcript_messages", text: MESSAGES_SQL, values }),
  ]);
  const row = call.rows[0];
  if (!row) return null;
  return {
    ...row,
    platformCostMinor: new Prisma.Decimal(row.platformCostMinor),
    segments: segments.rows,
    messages: messages.rows,
  };
}
