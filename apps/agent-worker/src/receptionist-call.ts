// One call from the first word to the usage record. Shared by the LiveKit job,
// simulate-call and the tests: they differ only in how the session meets the
// caller (a room or text) and in CallControls (room deletion and SIP REFER).
//
// Every exit path goes through end(): it is idempotent, finalizes the call
// (status, billable minutes, one UsageRecord) before hanging up (so LiveKit's
// room_finished webhook finds it already finalized), then drains the
// transcript and stores the latency summary.
import {
  completeTranscript,
  type FinalizeCallResult,
  finalizeCall,
  LatencyCollector,
  markCallAnswered,
  recordLatency,
  saveMessage,
  startCall,
  TranscriptRecorder,
} from "@articulate/calls";
import type { CallDirection, CallEndReason } from "@articulate/db";
import { voice } from "@livekit/agents";
import type { CallConfig } from "./call-config";
import type { CallPlan } from "./call-plan";
import type { Logger } from "./log";
import { buildAnnouncerAgent, buildReceptionistAgent, type ReceptionistActions } from "./receptionist";

export interface CallControls {
  /** Cold transfer of the caller (SIP REFER). Throws when the carrier or LiveKit refuses. */
  transfer(to: string): Promise<void>;
  /** Disconnects everyone: deletes the room. */
  hangUp(): Promise<void>;
}

export interface CallIdentity {
  roomName: string;
  direction: CallDirection;
  fromNumber: string;
  toNumber: string;
  /** Outbound calls already have a row created by the API. */
  callId?: string;
  /** The tenant's number used (outbound: the caller id); default: the dialed number's. */
  phoneNumberId?: string | null;
  sipCallId?: string | null;
  participantIdentity?: string | null;
}

export interface BeginCallOptions {
  config: CallConfig;
  plan: CallPlan;
  call: CallIdentity;
  session: voice.AgentSession;
  /** session.start with or without a room. */
  startSession(agent: voice.Agent): Promise<void>;
  controls: CallControls;
  log: Logger;
  /** Outbound: resolves true when the callee answers, false if they never do. Inbound: omitted. */
  calleeAnswered?: Promise<boolean>;
  /** Seconds before the limit to warn the caller (default min(30, max/4)). */
  maxLengthWarningLeadSeconds?: number;
  /** Upper bound on waiting for a line to be spoken before acting on it. */
  playoutTimeoutMs?: number;
}

export interface CallEnd {
  reason: CallEndReason;
  finalization: FinalizeCallResult | null;
  unwrittenSegments: number;
}

export interface ActiveCall {
  callId: string;
  tenantId: string;
  recorder: TranscriptRecorder;
  /** The greeting (or announcement) speech; null for an outbound call never answered. */
  greeting: voice.SpeechHandle | null;
  /** performance.now() when the greeting (or announcement) was handed to the session. */
  greetingRequestedAt: number | null;
  /** True once the call is ending (the goodbye or handoff may still be playing). */
  isEnding(): boolean;
  /** Resolves once the call is finalized and the transcript drained. */
  readonly ended: Promise<CallEnd>;
  /** Ends the call with this reason (first reason wins). */
  end(reason: CallEndReason, opts?: { hangUp?: boolean }): Promise<CallEnd>;
}

const TRANSFER_HANDOFF = "Sure, I'll put you through to someone now. Please hold.";
const TRANSFER_REFUSED =
  "I'm sorry, I couldn't connect you just now. I can take a message and have someone call you back.";
const GOODBYE = "Thanks for calling. Goodbye!";
const MAX_LENGTH_WARNING = "Just so you know, we're almost out of time on this call.";
const AFTER_HOURS_TRANSFER_REFUSED =
  "I'm sorry, no one is available right now. Please call back during business hours. Goodbye.";
const MAX_LENGTH_END =
  "I'm sorry, we've reached the time limit for this call. Please call back if you need anything else. Goodbye.";

function closeReasonToEnd(reason: string): CallEndReason {
  if (reason === "participant_disconnected") return "CALLER_HUNG_UP";
  if (reason === "error") return "ERROR";
  return "AGENT_ENDED";
}

async function withTimeout(p: Promise<unknown>, ms: number): Promise<void> {
  let t: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => undefined), new Promise((r) => (t = setTimeout(r, ms)))]);
  if (t) clearTimeout(t);
}

/**
 * Starts the session with the right agent and speaks first, then writes the
 * call's row (only the configuration read is on the path to the first word).
 * Returns once the greeting is requested and the row exists.
 */
export async function beginCall(o: BeginCallOptions): Promise<ActiveCall> {
  const { config, plan, session, controls } = o;
  const playoutTimeout = o.playoutTimeoutMs ?? 20_000;
  let log = o.log.child({ tenantId: config.tenant.id, roomName: o.call.roomName });
  // The row is written right after the first word is requested (outbound: at
  // once), so its CPU and I/O never delay the greeting; crash safety loses only
  // those few milliseconds (the webhook has nothing to finalize before that).
  let writeRow!: () => void;
  const rowPromise = new Promise<void>((r) => (writeRow = r)).then(() =>
    startCall({
      tenantId: config.tenant.id,
      roomName: o.call.roomName,
      direction: o.call.direction,
      fromNumber: o.call.fromNumber,
      toNumber: o.call.toNumber,
      agentId: config.agent.id,
      phoneNumberId: o.call.phoneNumberId ?? config.phoneNumber?.id ?? null,
      callId: o.call.callId,
      sipCallId: o.call.sipCallId ?? null,
      participantIdentity: o.call.participantIdentity ?? null,
    }),
  );
  rowPromise.catch(() => undefined); // observed below; never an unhandled rejection
  // Segments queue from the first word; the first write waits for the row.
  const recorder = new TranscriptRecorder({
    target: rowPromise.then((r) => ({ tenantId: r.tenantId, callId: r.id })),
    onError: (err, attempt) => log.warn("transcript write failed, retrying", { err, attempt }),
    onDropped: ({ callId, sequence, err }) => log.error("transcript segment dropped", { callId, sequence, err }),
  });
  const latency = new LatencyCollector();
  const timers: NodeJS.Timeout[] = [];
  let ending: Promise<CallEnd> | null = null;
  let resolveEnded!: (e: CallEnd) => void;
  const ended = new Promise<CallEnd>((r) => (resolveEnded = r));
  let sessionClosed = false;
  let answering: Promise<unknown> = Promise.resolve();
  // Set once the agent has decided to end (its goodbye or handoff may still be playing).
  let closing = false;
  const isEnding = () => closing || ending !== null;

  const end = (reason: CallEndReason, opts: { hangUp?: boolean } = {}): Promise<CallEnd> => {
    if (ending) return ending;
    const endedAt = new Date();
    ending = (async () => {
      for (const t of timers) clearTimeout(t);
      let finalization: FinalizeCallResult | null = null;
      writeRow(); // a call that ends before its first word still gets its row and end
      const row = await rowPromise.catch(() => null);
      await answering;
      if (!sessionClosed) {
        sessionClosed = true;
        await session.close().catch(() => undefined);
      }
      // Drain the transcript first, so call.ended carries all of it (and what was lost is counted on the call).
      const unwrittenSegments = await recorder.close(10_000);
      if (unwrittenSegments > 0) log.error("transcript segments not written", { unwrittenSegments });
      if (row) {
        try {
          finalization = await finalizeCall({
            tenantId: row.tenantId,
            callId: row.id,
            endReason: reason,
            endedAt,
            finalizedBy: "WORKER",
            transcriptUnwritten: unwrittenSegments,
          });
          log.info("call finalized", {
            endReason: reason,
            outcome: finalization.outcome,
            billableSeconds: finalization.outcome === "not_found" ? undefined : finalization.call.billableSeconds,
          });
          // LiveKit's webhook got there first (its call.ended is flagged incomplete): send the full transcript now.
          if (finalization.outcome === "already_finalized")
            await completeTranscript({
              tenantId: row.tenantId,
              callId: row.id,
              transcriptUnwritten: unwrittenSegments,
            });
        } catch (err) {
          // The LiveKit webhook finalizes the call when the room closes.
          log.error("call finalization failed", { err, endReason: reason });
        }
      }
      // Hung up after finalizing: the caller leaving must not race the worker's own finalization.
      if (opts.hangUp) await controls.hangUp().catch((err) => log.warn("hang up failed", { err }));
      if (row) {
        await recordLatency({ tenantId: row.tenantId, callId: row.id, summary: latency.summary() }).catch((err) =>
          log.warn("latency summary not stored", { err }),
        );
      }
      const result = { reason, finalization, unwrittenSegments };
      resolveEnded(result);
      return result;
    })();
    return ending;
  };

  const speakThen = (text: string, then: () => unknown) => {
    const handle = session.say(text, { allowInterruptions: false });
    void withTimeout(handle.waitForPlayout(), playoutTimeout).then(then);
    return handle;
  };

  const actions: ReceptionistActions = {
    async transfer(reason) {
      const to = config.agent.transferNumber;
      if (!to) {
        session.say(TRANSFER_REFUSED);
        return;
      }
      log.info("transferring caller", { reason });
      closing = true;
      speakThen(TRANSFER_HANDOFF, async () => {
        try {
          await controls.transfer(to);
          await end("TRANSFERRED", { hangUp: true });
        } catch (err) {
          // The carrier refused (busy, declined, no REFER support): stay on the line and offer a message.
          log.warn("transfer refused", { err });
          closing = false;
          if (!ending) session.say(TRANSFER_REFUSED);
        }
      });
    },
    async takeMessage(args) {
      const row = await rowPromise;
      const message = await saveMessage({ tenantId: row.tenantId, callId: row.id, agentId: config.agent.id, ...args });
      log.info("message taken", { messageId: message.id });
      return message.id;
    },
    endCall(reason) {
      log.info("agent ending call", { reason });
      closing = true;
      speakThen(GOODBYE, () => end("AGENT_ENDED", { hangUp: true }));
    },
  };

  session.on(voice.AgentSessionEventTypes.ConversationItemAdded, (ev) => {
    const item = ev.item;
    if (item.type !== "message" || (item.role !== "user" && item.role !== "assistant")) return;
    recorder.enqueue({
      speaker: item.role === "user" ? "CALLER" : "AGENT",
      text: item.textContent ?? "",
      startedAt: item.createdAt,
    });
  });
  session.on(voice.AgentSessionEventTypes.MetricsCollected, (ev) => {
    const m = ev.metrics;
    if (m.type === "eou_metrics") latency.add("eouMs", m.endOfUtteranceDelayMs);
    else if (m.type === "llm_metrics") latency.add("llmTtftMs", m.ttftMs);
    else if (m.type === "tts_metrics") latency.add("ttsTtfbMs", m.ttfbMs);
  });
  session.on(voice.AgentSessionEventTypes.Close, (ev) => {
    sessionClosed = true;
    void end(closeReasonToEnd(ev.reason));
  });

  const agent = plan.kind === "converse" ? buildReceptionistAgent(config, plan, actions) : buildAnnouncerAgent(config);
  /** Waits for the row (it was written in parallel) and completes the handle. */
  const activeCall = async (
    greeting: voice.SpeechHandle | null,
    greetingRequestedAt: number | null,
  ): Promise<ActiveCall> => {
    let row: Awaited<typeof rowPromise>;
    try {
      row = await rowPromise;
    } catch (err) {
      log.error("call row not created; hanging up", { err });
      await end("ERROR", { hangUp: true });
      throw err;
    }
    log = log.child({ callId: row.id });
    return { callId: row.id, tenantId: row.tenantId, recorder, greeting, greetingRequestedAt, isEnding, ended, end };
  };

  if (o.calleeAnswered) writeRow();
  try {
    await o.startSession(agent);
  } catch (err) {
    writeRow();
    await end("ERROR", { hangUp: true });
    throw err;
  }
  if (o.calleeAnswered) {
    // Outbound: not a word until the callee picks up (sip.callStatus "active").
    if (!(await o.calleeAnswered)) {
      void end("NO_ANSWER", { hangUp: true });
      return activeCall(null, null);
    }
  }
  const answeredAt = new Date();
  recorder.setOrigin(answeredAt);

  let greeting: voice.SpeechHandle;
  if (plan.kind === "converse") {
    greeting = session.say(plan.greeting);
    const max = config.agent.maxCallSeconds;
    const lead = o.maxLengthWarningLeadSeconds ?? Math.min(30, max / 4);
    timers.push(
      setTimeout(() => session.say(MAX_LENGTH_WARNING), Math.max(0, (max - lead) * 1000)),
      setTimeout(() => {
        closing = true;
        session.interrupt();
        speakThen(MAX_LENGTH_END, () => end("MAX_LENGTH", { hangUp: true }));
      }, max * 1000),
    );
  } else if (plan.kind === "announce_and_end") {
    closing = true;
    greeting = speakThen(plan.text, () => end(plan.endReason, { hangUp: true }));
  } else {
    closing = true;
    greeting = speakThen(plan.text, async () => {
      try {
        await controls.transfer(plan.to);
        await end("TRANSFERRED", { hangUp: true });
      } catch (err) {
        log.warn("after-hours transfer refused", { err });
        speakThen(AFTER_HOURS_TRANSFER_REFUSED, () => end(plan.endReason, { hangUp: true }));
      }
    });
  }
  const greetingRequestedAt = performance.now();
  writeRow();
  // The answer is written off the speaking path; end() waits for it before finalizing.
  answering = rowPromise
    .then((row) => markCallAnswered({ tenantId: row.tenantId, callId: row.id, answeredAt }))
    .catch((err) => log.error("answer not recorded", { err }));
  log.info("call answered", { plan: plan.kind, situation: plan.kind === "converse" ? plan.situation : undefined });
  return activeCall(greeting, greetingRequestedAt);
}
