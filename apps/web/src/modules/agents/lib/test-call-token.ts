// Browser test call: a short-lived LiveKit token whose roomConfig dispatches our
// worker (LIVEKIT_AGENT_NAME, "receptionist" by default) into a fresh room with this agent's metadata (the
// job-metadata contract's "test" kind: the Call is flagged as a test, never billed).
import crypto from "node:crypto";
import { sharedSettings } from "@articulate/config";
import { encodeJobMetadata } from "@articulate/telephony";
import { AccessToken, RoomAgentDispatch, RoomConfiguration } from "livekit-server-sdk";
import { livekitConfig } from "@/env";

export interface TestCallGrant {
  serverUrl: string;
  token: string;
  roomName: string;
}

export async function mintTestCallToken(opts: {
  tenantId: string;
  agentId: string;
  userId: string;
  userName: string;
}): Promise<TestCallGrant | null> {
  const lk = livekitConfig();
  if (!lk) return null;
  const roomName = `test-${opts.agentId}-${crypto.randomBytes(4).toString("hex")}`;
  const at = new AccessToken(lk.apiKey, lk.apiSecret, {
    identity: `dashboard-${opts.userId}`,
    name: opts.userName,
    ttl: "15m",
  });
  at.addGrant({ roomJoin: true, room: roomName, canPublish: true, canSubscribe: true, canPublishData: true });
  at.roomConfig = new RoomConfiguration({
    agents: [
      new RoomAgentDispatch({
        agentName: sharedSettings().LIVEKIT_AGENT_NAME,
        metadata: encodeJobMetadata({ kind: "test", tenantId: opts.tenantId, agentId: opts.agentId }),
      }),
    ],
  });
  return { serverUrl: lk.publicUrl, token: await at.toJwt(), roomName };
}
