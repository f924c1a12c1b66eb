// Unsubscribe links that work without signing in: an HMAC-signed token naming
// the member, the business and which notification to turn off. Turning one off
// leaves the others alone.
import crypto from "node:crypto";
import { forTenant, platformDb, writeAudit } from "@articulate/db";

/** "instant" = message/call e-mails; "digest" = the daily digest; "sms" = texts. */
export type UnsubscribeTopic = "instant" | "digest" | "sms";
const TOPICS: readonly UnsubscribeTopic[] = ["instant", "digest", "sms"];

function sign(secret: string, payload: string): string {
  return crypto.createHmac("sha256", `unsubscribe:${secret}`).update(payload).digest("base64url");
}

export function unsubscribeToken(secret: string, tenantId: string, userId: string, topic: UnsubscribeTopic): string {
  const payload = Buffer.from(JSON.stringify([tenantId, userId, topic])).toString("base64url");
  return `${payload}.${sign(secret, payload)}`;
}

export function verifyUnsubscribeToken(
  secret: string,
  token: string,
): { tenantId: string; userId: string; topic: UnsubscribeTopic } | null {
  if (token.length > 512) return null;
  const [payload, mac] = token.split(".");
  if (!payload || !mac) return null;
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  try {
    const [tenantId, userId, topic] = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as unknown[];
    if (typeof tenantId !== "string" || typeof userId !== "string") return null;
    if (!TOPICS.includes(topic as UnsubscribeTopic)) return null;
    return { tenantId, userId, topic: topic as UnsubscribeTopic };
  } catch {
    return null;
  }
}

export function topicLabel(topic: UnsubscribeTopic): string {
  return topic === "digest" ? "the daily digest" : topic === "sms" ? "text messages" : "instant e-mails";
}

/**
 * Applies a verified unsubscribe: turns that one notification off for that member
 * in that business (saving their current choices first, so the rest stay as they were).
 */
export async function applyUnsubscribe(
  secret: string,
  token: string,
): Promise<{ ok: true; tenantName: string; topic: UnsubscribeTopic } | { ok: false }> {
  const t = verifyUnsubscribeToken(secret, token);
  if (!t) return { ok: false };
  // Cross-tenant by nature: the token, not a session, names the tenant.
  const membership = await platformDb().membership.findFirst({
    where: { tenantId: t.tenantId, userId: t.userId },
    select: { role: true, tenant: { select: { name: true } } },
  });
  if (!membership) return { ok: false };
  const off =
    t.topic === "digest"
      ? { digestEnabled: false }
      : t.topic === "sms"
        ? { smsMode: "NONE" as const }
        : { emailMode: "NONE" as const };
  const tdb = forTenant(t.tenantId);
  await tdb.$transaction(async (tx) => {
    const existing = await tx.notificationPreference.findFirst({ where: { userId: t.userId }, select: { id: true } });
    if (existing) await tx.notificationPreference.update({ where: { id: existing.id }, data: off });
    else {
      // Materialise the role defaults, with this one topic off.
      const owner = membership.role === "OWNER";
      await tx.notificationPreference.create({
        data: {
          tenantId: t.tenantId,
          userId: t.userId,
          emailMode: owner ? "ALL_MESSAGES" : "NONE",
          digestEnabled: owner,
          ...off,
        },
      });
    }
    await writeAudit(tx, {
      tenantId: t.tenantId,
      actorType: "user",
      actorId: t.userId,
      action: "notification.unsubscribed",
      targetType: "NotificationPreference",
      targetId: t.userId,
      data: { topic: t.topic, via: "email link" },
    });
  });
  return { ok: true, tenantName: membership.tenant.name, topic: t.topic };
}
