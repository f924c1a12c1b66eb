// The LiveKit job: one phone call per job process. Thin wiring between the
// room and the room-agnostic call logic (call-config, call-plan,
// receptionist-call). The worker (main.ts) imports this file by path.
import type { CallEndReason } from "@articulate/db";
import { outboundParticipantIdentity, transferCall } from "@articulate/telephony";
import { AutoSubscribe, defineAgent, type JobContext, type JobProcess, voice } from "@livekit/agents";
import { type RemoteParticipant, RoomEvent } from "@livekit/rtc-node";
import { type CallConfig, type JobMetadata, parseJobMetadata, resolveCallConfig } from "./call-config";
import { admissionFor, decideCallHandling } from "./call-plan";
import { isLiveKitCloud, env as workerEnv } from "./env";
import { createLogger, type Logger } from "./log";
import { type ActiveCall, beginCall } from "./receptionist-call";
import { chooseVoicePipeline } from "./voice-pipeline";

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

async function runReceptionistJob(ctx: JobContext, log: Logger): Promise<void> {
  const jobReceivedAt = performance.now();
  const env = workerEnv();
  const roomName = ctx.job.room?.name ?? ctx.room.name ?? "";
  let active: ActiveCall | null = null;
  let callerLeft = false;
  // Every exit path: the session's close normally ends the call first; this
  // catches the rest (job shutdown, drain timeout, errors).
  ctx.addShutdownCallback(async () => {
    if (active) await active.end(callerLeft ? "CALLER_HUNG_UP" : ("ERROR" satisfies CallEndReason));
  });

  let meta: JobMetadata | null = null;
  try {
    meta = parseJobMetadata(ctx.job.metadata);
  } catch (err) {
    // Malformed metadata is logged and ignored: the dialed number still identifies the tenant.
    log.error("invalid job metadata; resolving from the dialed number", { err });
  }
  await ctx.connect(undefined, AutoSubscribe.AUDIO_ONLY);
  const participant = await ctx.waitForParticipant(
    meta?.direction === "outbound" ? (meta.participantIdentity ?? outboundParticipantIdentity(meta.callId)) : undefined,
  );
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
    await ctx.deleteRoom();
    return;
  }
  const now = new Date();
  const plan = decideCallHandling(
    config,
    await admissionFor(config, now, meta?.direction === "outbound" ? "OUTBOUND" : "INBOUND", roomName),
  );
  const pipeline = await chooseVoicePipeline(config.agent, env);
  const vad = ctx.proc.userData.vad as voice.AgentSessionOptions["vad"] | undefined;
  // Turn detection is the session default: LiveKit's turn detector (cloud model on
  // LiveKit Cloud, the local one otherwise).
  const session = new voice.AgentSession({
    stt: pipeline.stt,
    llm: pipeline.llm,
    tts: pipeline.tts,
    ...(vad ? { vad } : {}),
  });
  const noiseCancellation = isLiveKitCloud(env) ? await telephonyNoiseCancellation(log) : undefined;
  const outbound = meta?.direction === "outbound" ? meta : null;

  active = await beginCall({
    config,
    plan,
    session,
    log,
    call: {
      roomName,
      direction: outbound ? "OUTBOUND" : "INBOUND",
      fromNumber: outbound
        ? (outbound.from ?? attrs["sip.trunkPhoneNumber"] ?? "")
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
      hangUp: () => ctx.deleteRoom(),
    },
    calleeAnswered: outbound ? waitForCalleeAnswer(ctx, participant, 60_000) : undefined,
  });
  log.info("job started", {
    tenantId: config.tenant.id,
    callId: active.callId,
    plan: plan.kind,
    pipeline: pipeline.describe,
    jobStartMs: active.greetingRequestedAt === null ? null : Math.round(active.greetingRequestedAt - jobReceivedAt),
  });
  await active.ended;
}

type RoomInputNoiseCancellation = NonNullable<voice.RoomInputOptions["noiseCancellation"]>;

export default defineAgent({
  prewarm: async (proc: JobProcess) => {
    // Silero VAD (onnxruntime) when it loads here; otherwise the session's default turn handling.
    try {
      const silero = await import("@livekit/agents-plugin-silero");
      proc.userData.vad = await silero.VAD.load();
    } catch (err) {
      createLogger({ component: "prewarm" }).warn("Silero VAD unavailable; using defaults", { err });
    }
  },
  entry: async (ctx: JobContext) => {
    const log = createLogger({ jobId: ctx.job.id, roomName: ctx.job.room?.name });
    try {
      await runReceptionistJob(ctx, log);
    } catch (err) {
      log.error("job failed", { err });
      ctx.shutdown("error");
    }
  },
});
