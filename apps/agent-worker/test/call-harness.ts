// Runs the real receptionist call (beginCall) text-only with FakeLLM and
// recording CallControls, for the lifecycle and agent tests.
import { initializeLogger, voice } from "@livekit/agents";
import { resolveCallConfig } from "../src/call-config";
import { admissionFor, decideCallHandling } from "../src/call-plan";
import { silentLogger } from "../src/log";
import { beginCall, type CallIdentity } from "../src/receptionist-call";
import type { Fixture } from "./fixtures";

initializeLogger({ pretty: false, level: "error" });

export interface RecordingControls {
  transfers: string[];
  hangUps: number;
  transfer(to: string): Promise<void>;
  hangUp(): Promise<void>;
}

export function recordingControls(opts: { refuseTransfer?: boolean } = {}): RecordingControls {
  const c: RecordingControls = {
    transfers: [],
    hangUps: 0,
    async transfer(to) {
      c.transfers.push(to);
      if (opts.refuseTransfer) throw new Error("SIP 486 Busy Here");
    },
    async hangUp() {
      c.hangUps++;
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
  },
) {
  const config = await resolveCallConfig({ tenantId: f.tenantId }, f.e164);
  const plan = decideCallHandling(
    config,
    await admissionFor(config, o.at, o.direction === "outbound" ? "OUTBOUND" : "INBOUND"),
  );
  const session = new voice.AgentSession({ llm: new voice.testing.FakeLLM(o.responses ?? []) });
  const controls = recordingControls({ refuseTransfer: o.refuseTransfer });
  const active = await beginCall({
    config,
    plan,
    session,
    log: silentLogger,
    call: {
      roomName: `call-_+61412000000_${Math.random().toString(36).slice(2)}`,
      direction: "INBOUND",
      fromNumber: "+61412000000",
      toNumber: f.e164,
      participantIdentity: "sip_+61412000000",
      ...o.call,
    },
    startSession: (agent) => session.start({ agent }),
    controls,
    calleeAnswered: o.calleeAnswered,
  });
  await active.greeting?.waitForPlayout();
  return { config, plan, session, controls, active };
}

/** What the caller would do by hanging up: the room input closes the session. */
export function callerHangsUp(session: voice.AgentSession): void {
  session.shutdown({ drain: false, reason: voice.CloseReason.PARTICIPANT_DISCONNECTED });
}
