// Each agent's transcript retention setting, enforced: transcripts and messages
// of that agent's calls older than the setting are deleted; the call rows
// (metadata) and usage/billing stay. Idempotent (a second run finds nothing);
// each tenant's run is audited with what it removed.
import { platformDb, writeAudit } from "@articulate/db";

export interface RetentionPurgeResult {
  agents: number;
  segments: number;
  messages: number;
}

const BATCH = 5_000;

export async function purgeExpiredTranscripts(opts: { now?: Date } = {}): Promise<RetentionPurgeResult> {
  const now = opts.now ?? new Date();
  // Platform job: every agent that has a retention setting, across tenants.
  const agents = await platformDb().agent.findMany({
    where: { transcriptRetentionDays: { not: null } },
    select: { id: true, tenantId: true, transcriptRetentionDays: true },
  });
  const total: RetentionPurgeResult = { agents: 0, segments: 0, messages: 0 };
  const perTenant = new Map<string, { segments: number; messages: number; agents: Record<string, number> }>();
  for (const agent of agents) {
    const days = agent.transcriptRetentionDays as number;
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    let segments = 0;
    let messages = 0;
    // Batches keep each statement (and its locks) short on a large history.
    for (;;) {
      const n = await platformDb().$executeRaw`
        DELETE FROM "TranscriptSegment" WHERE id IN (
          SELECT s.id FROM "TranscriptSegment" s JOIN "Call" c ON c.id = s."callId"
          WHERE c."tenantId" = ${agent.tenantId} AND c."agentId" = ${agent.id} AND c."startedAt" < ${cutoff}
          LIMIT ${BATCH})`;
      segments += n;
      if (n < BATCH) break;
    }
    for (;;) {
      // platformDb(): Retention job across tenants; the statement names the tenant and agent it purges.
      const n = await platformDb().$executeRaw`
        DELETE FROM "Message" WHERE id IN (
          SELECT id FROM "Message" WHERE "tenantId" = ${agent.tenantId} AND "agentId" = ${agent.id} AND "createdAt" < ${cutoff}
          LIMIT ${BATCH})`;
      messages += n;
      if (n < BATCH) break;
    }
    if (segments + messages === 0) continue;
    total.agents += 1;
    total.segments += segments;
    total.messages += messages;
    const t = perTenant.get(agent.tenantId) ?? { segments: 0, messages: 0, agents: {} };
    t.segments += segments;
    t.messages += messages;
    t.agents[agent.id] = days;
    perTenant.set(agent.tenantId, t);
  }
  for (const [tenantId, t] of perTenant) {
    // platformDb(): Retention job: the platform writes the audit entry on each tenant's behalf.
    await writeAudit(platformDb(), {
      tenantId,
      actorType: "system",
      action: "retention.purged",
      data: {
        deletedTranscriptSegments: t.segments,
        deletedMessages: t.messages,
        retentionDaysByAgent: t.agents,
        at: now.toISOString(),
      },
    });
  }
  return total;
}
