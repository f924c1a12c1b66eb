// The LiveKit job: one phone call per job process. Thin wiring between the
// room and the room-agnostic call logic (call-config, call-plan,
// receptionist-call). The worker (main.ts) imports this file by path.
import { admissionFor, decideCallHandling, refuseBlockedCall } from "@articulate/calls";
import { recordingStorageConfig } from "@articulate/config";
import { startCallRecording } from "@articulate/recordings";
import { callLegOf, hangUpRoom, transferCall } from "@articulate/telephony";
import { AutoSubscribe, defineAgent, type JobContext, type JobProcess, type VAD, type voice } from "@livekit/agents";
import { type RemoteParticipant, RoomEvent } from "@livekit/rtc-node";
import { type CallConfig, readJobMetadata, resolveCallConfig } from "./call-config";
import { isLiveKitCloud, env as workerEnv } from "./env";
import { superviseJob } from "./job-supervisor";
import { createLogger, type Logger } from "./log";
import { type ActiveCall, beginCall } from "./receptionist-call";
import { chooseVoicePipeline } from "./voice-pipeline";
import { createCallSession, vadOptions } from "./voice-session";

/** Outbound: resolves true once the callee answers (sip.callStatus "active"), false if they hang up first. */
function waitForCalleeAnswer(ctx: JobContext, participant: RemoteParticipant, timeoutMs: number): Promise<boolean> {
  if (participant.attributes["sip.callStatus"] === "active") return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (v: boolean) => {
      clearTimeout(timer);
      ctx.room.off(RoomEvent.ParticipantAttributesChanged, onAttrs);
      ctx.room.off(RoomEvent.ParticipantDisconnected, onLeft);
      resolve(v);
    };
    const onAttrs = (_changed: Record<string, string>, p: { identity: string; attributes: Record<string, string> }) => {
      if (p.identity !== participant.identity) return;
      const status = p.attributes["sip.callStatus"];
      if (status === "active") done(true);
      else if (status === "hangup") done(false);
    };
    const onLeft = (p: RemoteParticipant) => {
      if (p.identity === participant.identity) done(false);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    ctx.room.on(RoomEvent.ParticipantAttributesChanged, onAttrs);
    ctx.room.on(RoomEvent.ParticipantDisconnected, onLeft);
  });
}

/**
 * Telephony noise cancellation (LiveKit Cloud only) when the optional
 * @livekit/noise-cancellation-node package is installed; otherwise none.
 */
async function telephonyNoiseCancellation(log: Logger): Promise<RoomInputNoiseCancellation | undefined> {
  const pkg = "@livekit/noise-cancellation-node";
  try {
    const mod = (await import(pkg)) as { TelephonyBackgroundVoiceCancellation?: () => RoomInputNoiseCancellation };
    return mod.TelephonyBackgroundVoiceCancellation?.();
  } catch {
    log.debug("noise cancellation not installed", { package: pkg });
    return undefined;
  }
}

/**
 * A caller on the tenant's block list (admission's first rule): the call is
 * recorded as blocked (never answered, never billed) and the room closed
 * before a word is spoken.
 */
async function refuseBlocked(
  config: CallConfig,
  roomName: string,
  participant: RemoteParticipant,
  from: string,
  log: Logger,
): Promise<void> {
  const attrs = participant.attributes;
  log.info("caller blocked", { tenantId: config.tenant.id });
  await refuseBlockedCall({
    tenantId: config.tenant.id,
    roomName,
    fromNumber: from || "withheld",
    toNumber: attrs["sip.trunkPhoneNumber"] ?? config.phoneNumber?.e164 ?? "",
    agentId: config.agent.id,
    phoneNumberId: config.phoneNumber?.id ?? null,
    sipCallId: attrs["sip.callID"] ?? null,
    participantIdentity: participant.identity,
  }).catch((err) => log.error("blocked call not recorded", { err }));
  await hangUpRoom(roomName);
}

/** Runs one call; reports it through onCall as soon as it exists. Null when there is no call to run. */
async function runReceptionistJob(
  ctx: JobContext,
  log: Logger,
  onCall: (call: ActiveCall) => void,
): Promise<ActiveCall | null> {
  const jobReceivedAt = performance.now();
  const env = workerEnv();
  const roomName = ctx.job.room?.name ?? ctx.room.name ?? "";
  let callerLeft = false;
  let mediaLost = false;

  const meta = readJobMetadata(ctx.job.metadata, ctx.job.id, log);
  await ctx.connect(undefined, AutoSubscribe.AUDIO_ONLY);
  const outbound = meta?.kind === "outbound" ? meta : null;
  const participant = await ctx.waitForParticipant(outbound?.participantIdentity);
  ctx.room.on(RoomEvent.ParticipantDisconnected, (p: RemoteParticipant) => {
    if (p.identity === participant.identity) callerLeft = true;
  });
  const attrs = participant.attributes;
  let config: CallConfig;
  try {
    config = await resolveCallConfig(meta, attrs["sip.trunkPhoneNumber"]);
  } catch (err) {
    // No row to finalize: nothing was answered. Free the caller instead of letting it ring.
    log.error("call rejected: no configuration", { err, dialed: attrs["sip.trunkPhoneNumber"] });
    await hangUpRoom(roomName);
    return null;
  }
  const now = new Date();
  const callerId = attrs["sip.phoneNumber"] ?? "";
  const admission = await admissionFor(config, now, outbound ? "OUTBOUND" : "INBOUND", roomName, callerId);
  if (!admission.admitted && admission.refusal.code === "caller_blocked") {
    await refuseBlocked(config, roomName, participant, callerId, log);
    return null;
  }
  const plan = decideCallHandling(config, admission);
  // Phone legs (inbound, outbound SIP) get the provider's telephony speech-to-text; browser test calls the wideband one.
  const leg = callLegOf(meta, attrs["sip.callID"] !== undefined);
  const pipeline = await chooseVoicePipeline(config.agent, env, leg);
  const session = createCallSession({
    stt: pipeline.stt,
    llm: pipeline.llm,
    tts: pipeline.tts,
    vad: ctx.proc.userData.vad as VAD | undefined,
  });
  const noiseCancellation = isLiveKitCloud(env) ? await telephonyNoiseCancellation(log) : undefined;

  const active = await beginCall({
    config,
    plan,
    session,
    log,
    externalEndReason: () => (callerLeft ? "CALLER_HUNG_UP" : mediaLost ? "ERROR" : null),
    call: {
      roomName,
      isTest: meta?.kind === "test",
      direction: outbound ? "OUTBOUND" : "INBOUND",
      fromNumber: outbound
        ? (attrs["sip.trunkPhoneNumber"] ?? config.phoneNumber?.e164 ?? "")
        : (attrs["sip.phoneNumber"] ?? participant.identity),
      toNumber: outbound ? outbound.to : (attrs["sip.trunkPhoneNumber"] ?? config.phoneNumber?.e164 ?? ""),
      callId: outbound?.callId,
      phoneNumberId: outbound?.phoneNumberId ?? null,
      sipCallId: attrs["sip.callID"] ?? null,
      participantIdentity: participant.identity,
    },
    startSession: (agent) =>
      session.start({
        agent,
        room: ctx.room,
        inputOptions: {
          participantIdentity: participant.identity,
          closeOnDisconnect: true,
          ...(noiseCancellation ? { noiseCancellation } : {}),
        },
      }),
    controls: {
      transfer: (to) => transferCall({ roomName, participantIdentity: participant.identity, to }).then(() => undefined),
      hangUp: () => hangUpRoom(roomName).then(() => undefined),
      // livekit-sip plays a SipDTMF data packet from the room as a tone on the phone line.
      sendDtmf: (code, digit) => ctx.room.localParticipant!.publishDtmf(code, digit),
    },
    calleeAnswered: outbound ? waitForCalleeAnswer(ctx, participant, 60_000) : undefined,
  });
  onCall(active);
  // The caller's keypad: livekit-sip turns RFC 2833 tones into SipDTMF packets (SIP INFO digits are lost).
  const keypad = active.keypad;
  ctx.room.on(RoomEvent.DtmfReceived, (_code: number, digit: string, from: RemoteParticipant) => {
    if (from.identity === participant.identity) keypad.press(digit);
  });
  // The agent's own connection to the room failed (media/signalling lost): the call cannot go on.
  ctx.room.on(RoomEvent.Disconnected, () => {
    mediaLost = true;
    void active.end(callerLeft ? "CALLER_HUNG_UP" : "ERROR");
  });
  // Recording (#15): conversations only (a refused call is never recorded), once answered; never breaks the call.
  if (plan.kind === "converse" && active.greeting !== null) {
    void startCallRecording({
      tenantId: active.tenantId,
      callId: active.callId,
      livekit:
        env.LIVEKIT_URL && env.LIVEKIT_API_KEY && env.LIVEKIT_API_SECRET
          ? { url: env.LIVEKIT_URL, apiKey: env.LIVEKIT_API_KEY, apiSecret: env.LIVEKIT_API_SECRET }
          : null,
      storage: recordingStorageConfig(env),
      log,
    });
  }
  log.info("job started", {
    tenantId: config.tenant.id,
    callId: active.callId,
    plan: plan.kind,
    test: meta?.kind === "test",
    leg,
    pipeline: pipeline.describe,
    jobStartMs: active.greetingRequestedAt === null ? null : Math.round(active.greetingRequestedAt - jobReceivedAt),
  });
  return active;
}

type RoomInputNoiseCancellation = NonNullable<voice.RoomInputOptions["noiseCancellation"]>;

export default defineAgent({
  prewarm: async (proc: JobProcess) => {
    // Silero VAD (onnxruntime) when it loads here; otherwise the session's default turn handling.
    try {
      const silero = await import("@livekit/agents-plugin-silero");
      proc.userData.vad = await silero.VAD.load(vadOptions());
    } catch (err) {
      createLogger({ component: "prewarm" }).warn("Silero VAD unavailable; using defaults", { err });
    }
  },
  entry: async (ctx: JobContext) => {
    const log = createLogger({ jobId: ctx.job.id, roomName: ctx.job.room?.name });
    const roomName = ctx.job.room?.name ?? ctx.room.name ?? "";
    // A job process per call: it ends as soon as the call is finalized, and an
    // error hangs up first (never a silent room), then finalizes.
    await superviseJob({
      run: (onCall) => runReceptionistJob(ctx, log, onCall),
      hangUp: () => hangUpRoom(roomName),
      shutdown: (reason) => ctx.shutdown(reason),
      log,
    });
  },
});
