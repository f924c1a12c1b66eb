// Runs the real receptionist call (beginCall) text-only with FakeLLM and
// recording CallControls, for the lifecycle and agent tests.

import { admissionFor, decideCallHandling } from "@articulate/calls";
import type { CallEndReason } from "@articulate/db";
import { initializeLogger, voice } from "@livekit/agents";
import { resolveCallConfig } from "../src/call-config";
import { type Logger, silentLogger } from "../src/log";
import { beginCall, type CallIdentity } from "../src/receptionist-call";
import type { Fixture } from "./fixtures";

initializeLogger({ pretty: false, level: "error" });

export interface RecordingControls {
  transfers: string[];
  hangUps: number;
  /** Keypad tones sent on the line, with performance.now() times. */
  tones: Array<{ code: number; digit: string; at: number }>;
  transfer(to: string): Promise<void>;
  hangUp(): Promise<void>;
  sendDtmf(code: number, digit: string): Promise<void>;
}

export function recordingControls(opts: { refuseTransfer?: boolean; hangUpFails?: boolean } = {}): RecordingControls {
  const c: RecordingControls = {
    transfers: [],
    hangUps: 0,
    tones: [],
    async sendDtmf(code, digit) {
      c.tones.push({ code, digit, at: performance.now() });
    },
    async transfer(to) {
      c.transfers.push(to);
      if (opts.refuseTransfer) throw new Error("SIP 486 Busy Here");
    },
    async hangUp() {
      c.hangUps++;
      if (opts.hangUpFails) throw new Error("LiveKit unavailable: room not deleted");
    },
  };
  return c;
}

export async function startTestCall(
  f: Fixture,
  o: {
    at: Date;
    responses?: voice.testing.FakeLLMResponse[];
    refuseTransfer?: boolean;
    call?: Partial<CallIdentity>;
    calleeAnswered?: Promise<boolean>;
    direction?: "inbound" | "outbound";
    isTest?: boolean;
    log?: Logger;
    maxLengthWarningLeadSeconds?: number;
    hangUpFails?: boolean;
    externalEndReason?: () => CallEndReason | null;
  },
) {
  const config = await resolveCallConfig({ tenantId: f.tenantId }, f.e164);
  const plan = decideCallHandling(
    config,
    await admissionFor(config, o.at, o.direction === "outbound" ? "OUTBOUND" : "INBOUND"),
  );
  const session = new voice.AgentSession({ llm: new voice.testing.FakeLLM(o.responses ?? []) });
  const controls = recordingControls({ refuseTransfer: o.refuseTransfer, hangUpFails: o.hangUpFails });
  const active = await beginCall({
    config,
    plan,
    session,
    log: o.log ?? silentLogger,
    call: {
      roomName: `call-_+61412000000_${Math.random().toString(36).slice(2)}`,
      direction: "INBOUND",
      fromNumber: "+61412000000",
      toNumber: f.e164,
      participantIdentity: "sip_+61412000000",
      ...o.call,
      isTest: o.isTest,
    },
    startSession: (agent) => session.start({ agent }),
    controls,
    calleeAnswered: o.calleeAnswered,
    maxLengthWarningLeadSeconds: o.maxLengthWarningLeadSeconds,
    externalEndReason: o.externalEndReason,
  });
  await active.greeting?.waitForPlayout();
  return { config, plan, session, controls, active };
}

/** What the caller would do by hanging up: the room input closes the session. */
export function callerHangsUp(session: voice.AgentSession): void {
  session.shutdown({ drain: false, reason: voice.CloseReason.PARTICIPANT_DISCONNECTED });
}

export interface LogEntry {
  level: "debug" | "info" | "warn" | "error";
  msg: string;
  fields: Record<string, unknown>;
}

/** A Logger that keeps what was logged, to assert on it. */
export function recordingLogger(
  entries: LogEntry[] = [],
  base: Record<string, unknown> = {},
): Logger & { entries: LogEntry[] } {
  const at =
    (level: LogEntry["level"]) =>
    (msg: string, fields: Record<string, unknown> = {}) =>
      entries.push({ level, msg, fields: { ...base, ...fields } });
  return {
    entries,
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (fields) => recordingLogger(entries, { ...base, ...fields }),
  };
}
