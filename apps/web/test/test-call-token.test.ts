// The browser test-call token: server-minted, scoped to one room, dispatching the
// "receptionist" worker with this tenant's and agent's metadata (the contract's "test" kind).
import { parseJobMetadata } from "@articulate/telephony";
import { TokenVerifier } from "livekit-server-sdk";
import { describe, expect, it } from "vitest";

process.env.LIVEKIT_URL = "ws://127.0.0.1:7880";
process.env.LIVEKIT_API_KEY = "APItestkey";
process.env.LIVEKIT_API_SECRET = "test-secret-that-is-long-enough-1234567890";
const { mintTestCallToken } = await import("@/modules/agents/lib/test-call-token");

describe("mintTestCallToken", () => {
  it("grants one room and dispatches the agent with tenant metadata", async () => {
    const grant = await mintTestCallToken({ tenantId: "t1", agentId: "a1", userId: "u1", userName: "Dana" });
    expect(grant).not.toBeNull();
    const claims = await new TokenVerifier("APItestkey", "test-secret-that-is-long-enough-1234567890").verify(
      grant!.token,
    );
    expect(claims.sub).toBe("dashboard-u1");
    expect(claims.video).toMatchObject({ roomJoin: true, room: grant!.roomName, canPublish: true, canSubscribe: true });
    expect(claims.video?.roomAdmin).toBeFalsy();
    const agents =
      (claims.roomConfig as { agents?: { agentName: string; metadata: string }[] } | undefined)?.agents ?? [];
    expect(agents).toHaveLength(1);
    expect(agents[0]?.agentName).toBe("receptionist");
    expect(parseJobMetadata(agents[0]!.metadata)).toEqual({ v: 1, kind: "test", tenantId: "t1", agentId: "a1" });
    expect(grant!.roomName).toMatch(/^test-a1-[0-9a-f]{8}$/);
  });

  it("dispatches the worker LIVEKIT_AGENT_NAME names, like every other writer (dispatch rules, outbound)", async () => {
    const { telephonyConfigFromEnv } = await import("@articulate/telephony");
    process.env.LIVEKIT_AGENT_NAME = "front-desk-2";
    try {
      const grant = await mintTestCallToken({ tenantId: "t1", agentId: "a1", userId: "u1", userName: "Dana" });
      const claims = await new TokenVerifier("APItestkey", "test-secret-that-is-long-enough-1234567890").verify(
        grant!.token,
      );
      const agents = (claims.roomConfig as { agents?: { agentName: string }[] } | undefined)?.agents ?? [];
      expect(agents[0]?.agentName).toBe("front-desk-2");
      expect(telephonyConfigFromEnv().agentName).toBe("front-desk-2");
    } finally {
      delete process.env.LIVEKIT_AGENT_NAME;
    }
  });
});
