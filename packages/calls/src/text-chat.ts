// Text chats with an agent from the dashboard ("Talk to your agent"): test calls
// whose room name starts with TEXT_CHAT_ROOM_PREFIX. The web app runs each turn
// (modules/agents/lib/text-chat.ts); this is the part a background job needs:
// a chat the owner walked away from is ended (as the caller hanging up) once it
// has been idle long enough, so no call is left "in progress".
import crypto from "node:crypto";
import { platformDb } from "@articulate/db";
import { finalizeCall } from "./lifecycle";

export const TEXT_CHAT_ROOM_PREFIX = "chat-";

/** A fresh room name for a chat with this agent (unique, like a LiveKit room's). */
export function textChatRoomName(agentId: string): string {
  return `${TEXT_CHAT_ROOM_PREFIX}${agentId}-${crypto.randomBytes(6).toString("hex")}`;
}

export function isTextChatRoom(roomName: string): boolean {
  return roomName.startsWith(TEXT_CHAT_ROOM_PREFIX);
}

/** Chats with no turn for this long are over. */
export const TEXT_CHAT_IDLE_MINUTES = 15;

/** Ends chats idle for `idleMinutes` (each turn touches the call's updatedAt). Safe in several processes. */
export async function endIdleTextChats(
  options: { idleMinutes?: number; now?: Date; limit?: number } = {},
): Promise<{ ended: number }> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - (options.idleMinutes ?? TEXT_CHAT_IDLE_MINUTES) * 60_000);
  // Cross-tenant sweep by nature (a background job); each call is finalized in its own tenant.
  const idle = await platformDb().call.findMany({
    where: {
      isTest: true,
      endedAt: null,
      status: { in: ["RINGING", "IN_PROGRESS"] },
      roomName: { startsWith: TEXT_CHAT_ROOM_PREFIX },
      updatedAt: { lt: cutoff },
    },
    select: { id: true, tenantId: true, updatedAt: true },
    take: options.limit ?? 100,
  });
  let ended = 0;
  for (const c of idle) {
    const r = await finalizeCall({
      tenantId: c.tenantId,
      callId: c.id,
      endReason: "CALLER_HUNG_UP",
      endedAt: c.updatedAt,
      finalizedBy: "WORKER",
    });
    if (r.outcome === "finalized") ended++;
  }
  return { ended };
}
