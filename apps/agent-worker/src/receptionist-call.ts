// One call from the first word to the usage record. Shared by the LiveKit job,
// simulate-call and the tests: they differ only in how the session meets the
// caller (a room or text) and in CallControls (room deletion and SIP REFER).
//
// The call is a small state machine with one explicit state:
//   ringing → greeting → conversing → closing → finalized
// ringing: the session is starting (outbound: waiting for the callee);
// greeting: the opening line plays (with the AI disclosure it cannot be
// talked over; when it finished is stored on the Call); conversing: turns;
// closing: the agent decided to end (goodbye, hand-off, max length, silence)
// or the caller left, and no timer acts any more; finalized: the row is
// finalized, the transcript drained, the latency stored.
//
// Every exit path goes through end(): it is idempotent, finalizes the call
// (status, billable minutes, one UsageRecord; none for a test call) before
// hanging up (so LiveKit's room_finished webhook finds it already
// finalized), then drains the transcript and stores the latency summary.
import {
  agentEndReason,
  type CallConfig,
  type CallPlan,
  completeTranscript,
  type FinalizeCallResult,
  finalizeCall,
  GOODBYE,
  LatencyCollector,
  markCallAnswered,
  markDisclosureFinished,
  parseKeypadMenu,
  recordAudioBandwidth,
  recordLatency,
  saveMessage,
  startCall,
  TRANSFER_HANDOFF,
  TRANSFER_REFUSED,
  TranscriptRecorder,
} from "@articulate/calls";
import type { CallDirection, CallEndReason } from "@articulate/db";
import { CallGapWatch, recordKnowledgeGap } from "@articulate/knowledge";
import { toE164 } from "@articulate/telephony/phone-numbers";
import { type llm, voice } from "@livekit/agents";
import { AudioBandwidthProbe } from "./audio-bandwidth";
import { Keypad } from "./keypad";
import type { Logger } from "./log";
import { buildAnnouncerAgent, buildReceptionistAgent, type ReceptionistActions } from "./receptionist";
import { bookingForCall } from "./tools/booking";
import { collectKeypadEntryTool } from "./tools/collect-keypad-entry";
import { callKnowledgeLookup } from "./tools/lookup-business-info";
import { sendKeypadTonesTool } from "./tools/send-keypad-tones";

export interface CallControls {
  /** Cold transfer of the caller (SIP REFER). Throws when the carrier or LiveKit refuses. */
  transfer(to: string): Promise<void>;
  /** Disconnects everyone: deletes the room. */
  hangUp(): Promise<void>;
  /** Plays one keypad tone to the other party on the SIP leg (absent without a phone line). */
  sendDtmf?(code: number, digit: string): Promise<void>;
}

export interface CallIdentity {
  roomName: string;
  direction: CallDirection;
  fromNumber: string;
  toNumber: string;
  /** Outbound calls already have a row created by the API. */
  callId?: string;
  /** A test call (simulate-call, browser): listed as "Test", never billed. */
  isTest?: boolean;
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
  /**
   * Why the session closed when the call did not decide it (the room knows:
   * the caller left, the media connection failed). null → the close is
   * unexplained and recorded as ERROR.
   */
  externalEndReason?: () => CallEndReason | null;
}

export interface CallEnd {
  reason: CallEndReason;
  finalization: FinalizeCallResult | null;
  unwrittenSegments: number;
}

export type CallState = "ringing" | "greeting" | "conversing" | "closing" | "finalized";

export interface ActiveCall {
  callId: string;
  tenantId: string;
  recorder: TranscriptRecorder;
  /** The greeting (or announcement) speech; null for an outbound call never answered. */
  greeting: voice.SpeechHandle | null;
  /** performance.now() when the greeting (or announcement) was handed to the session. */
  greetingRequestedAt: number | null;
  /** Where the call is now. */
  readonly state: CallState;
  /** True once the call is closing (the goodbye or handoff may still be playing) or finalized. */
  isEnding(): boolean;
  /** Resolves once the call is finalized and the transcript drained. */
  readonly ended: Promise<CallEnd>;
  /** Ends the call with this reason (first reason wins). */
  end(reason: CallEndReason, opts?: { hangUp?: boolean }): Promise<CallEnd>;
  /** The caller's keypad: the job feeds it the DTMF digits LiveKit delivers. */
  keypad: Keypad;
}

const MAX_LENGTH_WARNING = "Just so you know, we're almost out of time on this call.";
const AFTER_HOURS_TRANSFER_REFUSED =
  "I'm sorry, no one is available right now. Please call back during business hours. Goodbye.";
const KEYPAD_LEAVE_MESSAGE =
  "The caller pressed a key to leave a message. Ask for their name, a callback number and what it is about, then call take_message.";
const MAX_LENGTH_END =
  "I'm sorry, we've reached the time limit for this call. Please call back if you need anything else. Goodbye.";
export const SILENCE_REPROMPT = "Are you still there?";
export const SILENCE_GOODBYE = "I haven't heard anything, so I'll hang up now. Please call back any time. Goodbye.";

/**
 * The end reason for a session close the call did not ask for. Only a
 * participant disconnect is the caller hanging up; a job shutdown or a
 * runner-initiated close is explained by the room (externalEndReason) or is
 * an error, never "the agent ended it".
 */
export function closeReasonToEnd(reason: string, external: CallEndReason | null): CallEndReason {
  if (reason === "participant_disconnected") return "CALLER_HUNG_UP";
  return external ?? "ERROR";
}

async function withTimeout(p: Promise<unknown>, ms: number): Promise<void> {
  let t: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => undefined), new Promise((r) => (t = setTimeout(r, ms)))]);
  if (t) clearTimeout(t);
}

/** Seconds → ms since the epoch (the framework's metrics are in seconds). */
const secondsToMs = (s: number | undefined) => (s === undefined ? undefined : s * 1000);

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
      isTest: o.call.isTest ?? false,
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
  let state: CallState = "ringing";
  let ending: Promise<CallEnd> | null = null;
  let resolveEnded!: (e: CallEnd) => void;
  const ended = new Promise<CallEnd>((r) => (resolveEnded = r));
  let answering: Promise<unknown> = Promise.resolve();
  let disclosureEvidence: Promise<unknown> = Promise.resolve();
  let bandwidthWrite: Promise<unknown> = Promise.resolve();
  // What the caller's voice shows about the phone path (narrowband G.711 or HD voice), stored once measured.
  const bandwidthProbe = new AudioBandwidthProbe({
    onReading: (reading) => {
      log.info("caller audio bandwidth", { ...reading });
      bandwidthWrite = rowPromise
        .then((row) => recordAudioBandwidth({ tenantId: row.tenantId, callId: row.id, bandwidth: reading.bandwidth }))
        .catch((err) => log.warn("audio bandwidth not recorded", { err }));
    },
  });
  let silenceEpisode = 0;
  let awaitingReply = false;
  let callerTurnMetrics: llm.MetricsReport | undefined;
  // Knowledge records (lookups, gaps) are written off the speech path; the call's end waits for them.
  const knowledgeWrites = new Set<Promise<void>>();
  const trackKnowledgeWrite = (p: Promise<void>) => {
    const settled = p.catch(() => undefined);
    knowledgeWrites.add(settled);
    void settled.then(() => knowledgeWrites.delete(settled));
  };
  const gapWatch = new CallGapWatch();

  /** Enters closing: from here on no timer or prompt acts on the call. Returns false if already there. */
  const close = (): boolean => {
    if (state === "closing" || state === "finalized") return false;
    state = "closing";
    for (const t of timers) clearTimeout(t);
    return true;
  };

  const end = (reason: CallEndReason, opts: { hangUp?: boolean } = {}): Promise<CallEnd> => {
    if (ending) return ending;
    const endedAt = new Date();
    close();
    ending = (async () => {
      keypad.close();
      let finalization: FinalizeCallResult | null = null;
      writeRow(); // a call that ends before its first word still gets its row and end
      const row = await rowPromise.catch(() => null);
      await answering;
      // Idempotent: a session the caller's hang-up already closed returns at once.
      await session.close().catch((err) => log.warn("session close failed", { err }));
      await disclosureEvidence;
      bandwidthProbe.finish();
      await bandwidthWrite;
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
      if (opts.hangUp) await controls.hangUp().catch((err) => log.error("hang up failed", { err }));
      await withTimeout(Promise.all(knowledgeWrites), 5_000);
      if (row) {
        await recordLatency({ tenantId: row.tenantId, callId: row.id, summary: latency.summary() }).catch((err) =>
          log.warn("latency summary not stored", { err }),
        );
      }
      state = "finalized";
      const result = { reason, finalization, unwrittenSegments };
      resolveEnded(result);
      return result;
    })();
    return ending;
  };

  /** Speaks a line nobody can talk over, then acts (after playout, or a timeout if playout never reports). */
  const speakThen = (text: string, then: () => unknown) => {
    const handle = session.say(text, { allowInterruptions: false });
    void withTimeout(handle.waitForPlayout(), playoutTimeout).then(then);
    return handle;
  };

  /** The agent decided to end: closing, then a goodbye nobody can talk over, then the end. */
  const closeWith = (text: string, reason: CallEndReason) => {
    if (!close()) return;
    try {
      // Whatever is playing (even a line that does not allow interruptions) makes way for the closing line.
      session.interrupt({ force: true });
    } catch (err) {
      // The session is already draining or closed: nothing is playing over which to speak.
      log.warn("could not interrupt before closing", { err });
    }
    try {
      speakThen(text, () => end(reason, { hangUp: true }));
    } catch (err) {
      log.warn("closing line not spoken", { err });
      void end(reason, { hangUp: true });
    }
  };

  const actions: ReceptionistActions = {
    async transfer(reason) {
      const to = config.agent.transferNumber;
      if (!to) {
        session.say(TRANSFER_REFUSED);
        return;
      }
      if (!close()) return;
      log.info("transferring caller", { reason });
      speakThen(TRANSFER_HANDOFF, async () => {
        try {
          await controls.transfer(to);
          await end("TRANSFERRED", { hangUp: true });
        } catch (err) {
          // The carrier refused (busy, declined, no REFER support): stay on the line and offer a message.
          log.warn("transfer refused", { err });
          if (ending) return;
          state = "conversing";
          session.say(TRANSFER_REFUSED);
        }
      });
    },
    async takeMessage(args) {
      const row = await rowPromise;
      const message = await saveMessage({ tenantId: row.tenantId, callId: row.id, agentId: config.agent.id, ...args });
      log.info("message taken", { messageId: message.id });
      return message.id;
    },
    lookupBusinessInfo: callKnowledgeLookup(
      { tenantId: config.tenant.id, agentId: config.agent.id, callId: rowPromise.then((r) => r.id), gapWatch },
      o.log,
      { track: trackKnowledgeWrite },
    ),
    endCall(reason) {
      log.info("agent ending call", { reason });
      if (!close()) return;
      // An after-hours call keeps its reason however politely it ends.
      speakThen(GOODBYE, () => end(agentEndReason(plan), { hangUp: true }));
    },
  };

  session.on(voice.AgentSessionEventTypes.ConversationItemAdded, (ev) => {
    const item = ev.item;
    if (item.type !== "message" || (item.role !== "user" && item.role !== "assistant")) return;
    // When it was spoken (the framework's timestamps), not when the item was committed.
    const m = item.metrics;
    const text = item.textContent ?? "";
    recorder.enqueue({
      speaker: item.role === "user" ? "CALLER" : "AGENT",
      text,
      startedAt: secondsToMs(m?.startedSpeakingAt) ?? item.createdAt,
      endedAt: secondsToMs(m?.stoppedSpeakingAt),
    });
    // One latency sample per reply to a caller turn. Audio replies carry their end-to-end figure; a text
    // turn (simulate-call) has only the LLM's. Scripted lines (greeting, goodbye) have neither, and the
    // reply after a tool call is the same turn's second generation.
    const answersCaller =
      item.role === "assistant" && (m?.e2eLatency !== undefined || (awaitingReply && m?.llmNodeTtft !== undefined));
    awaitingReply = item.role === "user";
    // The framework puts the caller-side figures (end of turn, transcription) on the caller's message.
    if (item.role === "user") callerTurnMetrics = m;
    // A reply admitting it could not answer a business question is a knowledge gap (a lookup's miss records its own).
    if (plan.kind === "converse") {
      if (item.role === "user") gapWatch.callerSaid(text);
      else {
        const question = gapWatch.agentSaid(text);
        if (question) {
          log.info("agent could not answer: recording a knowledge gap");
          trackKnowledgeWrite(
            rowPromise
              .then((row) =>
                recordKnowledgeGap({ tenantId: row.tenantId, agentId: config.agent.id, callId: row.id, question }),
              )
              .then(
                () => undefined,
                (err) => log.warn("knowledge gap not recorded", { err }),
              ),
          );
        }
      }
    }
    if (answersCaller && m) {
      latency.addTurn({
        e2eMs: secondsToMs(m.e2eLatency),
        eouMs: secondsToMs(callerTurnMetrics?.endOfTurnDelay ?? m.endOfTurnDelay),
        transcriptionMs: secondsToMs(callerTurnMetrics?.transcriptionDelay ?? m.transcriptionDelay),
        llmTtftMs: secondsToMs(m.llmNodeTtft),
        ttsTtfbMs: secondsToMs(m.ttsNodeTtfb),
      });
    }
  });
  // A silent caller (the framework marks the user "away" after its userAwayTimeout): prompt once; if the
  // silence lasts as long again after the prompt, end politely. Runaway silent calls are billed minutes.
  const silenceMs = (session.sessionOptions.userAwayTimeout ?? 0) * 1000;
  session.on(voice.AgentSessionEventTypes.UserStateChanged, (ev) => {
    if (ev.newState !== "away" || state !== "conversing" || silenceMs <= 0) return;
    silenceEpisode++;
    log.info("caller silent: prompting");
    const prompt = session.say(SILENCE_REPROMPT);
    const prompted = silenceEpisode;
    void prompt.waitForPlayout().then(() => {
      timers.push(
        setTimeout(() => {
          // Still no word from the caller since this prompt (they stay "away" until they speak).
          if (state === "conversing" && silenceEpisode === prompted && session.userState === "away") {
            log.info("caller silent after the prompt: ending the call");
            closeWith(SILENCE_GOODBYE, "AGENT_ENDED");
          }
        }, silenceMs),
      );
    });
  });
  session.on(voice.AgentSessionEventTypes.UserInputTranscribed, (ev) => {
    // The caller spoke: any pending silence check is stale.
    if (ev.isFinal && ev.transcript.trim()) silenceEpisode++;
  });
  session.on(voice.AgentSessionEventTypes.Close, (ev) => {
    if (ending) return;
    const reason = closeReasonToEnd(ev.reason, o.externalEndReason?.() ?? null);
    if (reason === "ERROR") log.error("session closed unexpectedly", { reason: ev.reason, err: ev.error ?? undefined });
    void end(reason, { hangUp: true });
  });

  const keypad = new Keypad({
    menu: plan.kind === "converse" ? parseKeypadMenu(config.agent.keypadMenu) : null,
    session,
    record: (segment) => recorder.enqueue(segment),
    actions: {
      transfer: (reason) => actions.transfer(reason),
      leaveMessage: () => {
        session.generateReply({ instructions: KEYPAD_LEAVE_MESSAGE });
      },
    },
    sendTones: controls.sendDtmf ? (code, digit) => controls.sendDtmf!(code, digit) : undefined,
    isEnding: () => state === "closing" || state === "finalized",
    log,
  });
  const keypadTools = {
    collect_keypad_entry: collectKeypadEntryTool(keypad),
    ...(o.call.direction === "OUTBOUND" && controls.sendDtmf ? { send_keypad_tones: sendKeypadTonesTool(keypad) } : {}),
  };
  // Booking (#17): offered on conversations the agent can take (not over the cap), when it has appointment types.
  const booking =
    plan.kind === "converse" && plan.situation !== "over_cap"
      ? await bookingForCall(config, {
          callerNumber: o.call.direction === "INBOUND" ? toE164(o.call.fromNumber) : toE164(o.call.toNumber),
          callId: () => rowPromise.then((r) => r.id).catch(() => null),
        })
      : null;
  const agent =
    plan.kind === "converse"
      ? buildReceptionistAgent(
          config,
          plan,
          actions,
          { ...keypadTools, ...(booking?.tools ?? {}) },
          booking ? [booking.instructions] : [],
          (frame) => bandwidthProbe.push(frame),
        )
      : buildAnnouncerAgent(config);
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
    return {
      callId: row.id,
      tenantId: row.tenantId,
      recorder,
      greeting,
      greetingRequestedAt,
      get state() {
        return state;
      },
      isEnding: () => state === "closing" || state === "finalized",
      ended,
      end,
      keypad,
    };
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
  if (ending) return activeCall(null, null); // the caller left while the session started
  const answeredAt = new Date();
  recorder.setOrigin(answeredAt);
  state = "greeting";

  let greeting: voice.SpeechHandle;
  // The opening line carries what callers must hear: the AI disclosure, and the recording notice on recorded conversations.
  const protectedOpening = config.agent.aiDisclosure || (plan.kind === "converse" && config.agent.recordingEnabled);
  if (plan.kind === "converse") {
    // With the AI disclosure or the recording notice in it, the opening line cannot be talked over
    // (caller speech is still transcribed).
    greeting = session.say(plan.greeting, { allowInterruptions: !protectedOpening });
    const max = config.agent.maxCallSeconds;
    const lead = o.maxLengthWarningLeadSeconds ?? Math.min(30, max / 4);
    timers.push(
      setTimeout(
        () => {
          if (state === "greeting" || state === "conversing")
            session.say(MAX_LENGTH_WARNING, { allowInterruptions: false });
        },
        Math.max(0, (max - lead) * 1000),
      ),
      setTimeout(() => closeWith(MAX_LENGTH_END, "MAX_LENGTH"), max * 1000),
    );
    void greeting.waitForPlayout().then(() => {
      if (state === "greeting") state = "conversing";
    });
  } else if (plan.kind === "announce_and_end") {
    greeting = speakThen(plan.text, () => end(plan.endReason, { hangUp: true }));
    close();
  } else {
    const to = plan.to;
    greeting = speakThen(plan.text, async () => {
      try {
        await controls.transfer(to);
        await end("TRANSFERRED", { hangUp: true });
      } catch (err) {
        log.warn("after-hours transfer refused", { err });
        speakThen(AFTER_HOURS_TRANSFER_REFUSED, () => end(plan.endReason, { hangUp: true }));
      }
    });
    close();
  }
  const greetingRequestedAt = performance.now();
  writeRow();
  // The answer is written off the speaking path; end() waits for it before finalizing.
  answering = rowPromise
    .then((row) => markCallAnswered({ tenantId: row.tenantId, callId: row.id, answeredAt }))
    .catch((err) => log.error("answer not recorded", { err }));
  if (protectedOpening) {
    // Evidence for the AU disclosure rules (AI, recording): when the opening line finished playing in full.
    disclosureEvidence = greeting
      .waitForPlayout()
      .then(async () => {
        if (greeting.interrupted) return;
        const row = await rowPromise;
        await answering;
        await markDisclosureFinished({ tenantId: row.tenantId, callId: row.id, finishedAt: new Date() });
      })
      .catch((err) => log.warn("disclosure time not recorded", { err }));
  }
  log.info("call answered", { plan: plan.kind, situation: plan.kind === "converse" ? plan.situation : undefined });
  return activeCall(greeting, greetingRequestedAt);
}
