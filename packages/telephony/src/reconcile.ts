// Reconciliation: the database is the truth for which numbers and connections
// should be routed; LiveKit is brought in line. Missing or stale trunks and
// rules are repaired; objects carrying our metadata (this deployment) that no
// live row owns are removed. Objects without our metadata are never touched.
// Cross-tenant by nature, so it reads with platformDb() and writes per tenant.
import { forTenant, platformDb } from "@articulate/db";
import { requireLiveKit, resolveConfig, type TelephonyDeps } from "./config";
import { ensureDispatchRule, ensureInboundTrunk, isCatchAllRule } from "./inbound-routing";
import { liveKitClients, parseOwnership } from "./livekit";
import { ensureOutboundTrunk } from "./outbound";
import { attachLiveKitNumberToRule } from "./providers/livekit-numbers";
import { provisionInboundNumber, releaseNumber } from "./provisioning";

export interface ReconcileAction {
  kind: "inbound-trunk" | "dispatch-rule" | "outbound-trunk";
  action: "recreated" | "updated" | "removed";
  livekitId: string;
  tenantId: string;
  phoneNumberId?: string;
  sipConnectionId?: string;
}

export interface ReconcileSummary {
  /** Numbers whose provisioning or release had stalled (a crashed run) and was carried on. */
  resumed: Array<{ tenantId: string; phoneNumberId: string; status: string; error?: string }>;
  numbersChecked: number;
  connectionsChecked: number;
  repaired: ReconcileAction[];
  removed: ReconcileAction[];
  /** LiveKit objects without our metadata, left alone. */
  foreignObjects: number;
  /**
   * Dispatch rules with no trunk ids and no numbers, whoever created them: they catch calls to
   * numbers no trunk matches (a cross-tenant risk). Flagged for an operator, never created by us.
   */
  catchAllRules: Array<{ livekitId: string; name: string; ours: boolean }>;
  errors: Array<{ tenantId: string; id: string; message: string }>;
}

export interface ReconcileOptions extends TelephonyDeps {
  /** Only these tenants' rows and objects (default: every tenant). */
  tenantIds?: string[];
  /** A PROVISIONING/RELEASING row untouched for this long belongs to a crashed run and is resumed (default 10 min). */
  resumeStalledAfterMs?: number;
}

export async function reconcile(deps: ReconcileOptions = {}): Promise<ReconcileSummary> {
  const config = resolveConfig(deps);
  const lk = liveKitClients(requireLiveKit(config));
  const summary: ReconcileSummary = {
    resumed: [],
    numbersChecked: 0,
    connectionsChecked: 0,
    repaired: [],
    removed: [],
    foreignObjects: 0,
    catchAllRules: [],
    errors: [],
  };

  const tenantFilter = deps.tenantIds ? { tenantId: { in: deps.tenantIds } } : {};
  const inScope = (tenantId: string) => !deps.tenantIds || deps.tenantIds.includes(tenantId);
  // Finish what crashed runs left half-done, before judging what is missing or orphaned.
  const stalledBefore = new Date(Date.now() - (deps.resumeStalledAfterMs ?? 10 * 60_000));
  const stalled = await platformDb().phoneNumber.findMany({
    where: { status: { in: ["PROVISIONING", "RELEASING"] }, updatedAt: { lte: stalledBefore }, ...tenantFilter },
    select: { id: true, tenantId: true, status: true },
  });
  for (const s of stalled) {
    try {
      const done =
        s.status === "RELEASING"
          ? await releaseNumber(s.tenantId, s.id, deps)
          : await provisionInboundNumber(s.id, { ...deps, tenantId: s.tenantId });
      summary.resumed.push({ tenantId: s.tenantId, phoneNumberId: s.id, status: done.status });
    } catch (e) {
      summary.resumed.push({
        tenantId: s.tenantId,
        phoneNumberId: s.id,
        status: "FAILED",
        error: (e as Error).message,
      });
    }
  }

  // platformDb(): Reconciliation job: every tenant's numbers (or one tenant's via tenantFilter).
  const numbers = await platformDb().phoneNumber.findMany({ where: { status: { not: "RELEASED" }, ...tenantFilter } });
  const numbersById = new Map(numbers.map((n) => [n.id, n]));
  const wantedTrunks = new Set<string>();
  const wantedRules = new Set<string>();

  for (const n of numbers) {
    // Only finished numbers are repaired; in-flight ones belong to their provisioning run.
    if (n.status !== "ACTIVE") continue;
    summary.numbersChecked++;
    try {
      let trunkId: string | null = null;
      if (n.provider !== "LIVEKIT") {
        trunkId = await ensureInboundTrunk(lk, config, n);
        wantedTrunks.add(trunkId);
        if (trunkId !== n.livekitInboundTrunkId) {
          summary.repaired.push({
            kind: "inbound-trunk",
            action: "recreated",
            livekitId: trunkId,
            tenantId: n.tenantId,
            phoneNumberId: n.id,
          });
        }
      }
      const row = { ...n, livekitInboundTrunkId: trunkId ?? n.livekitInboundTrunkId };
      const { ruleId, action } = await ensureDispatchRule(lk, config, row, trunkId);
      wantedRules.add(ruleId);
      if (action !== "kept" || ruleId !== n.livekitDispatchRuleId) {
        summary.repaired.push({
          kind: "dispatch-rule",
          action: action === "updated" && ruleId === n.livekitDispatchRuleId ? "updated" : "recreated",
          livekitId: ruleId,
          tenantId: n.tenantId,
          phoneNumberId: n.id,
        });
      }
      if (n.provider === "LIVEKIT" && n.providerRef && ruleId !== n.livekitDispatchRuleId) {
        await attachLiveKitNumberToRule(lk.config, n.providerRef, ruleId);
      }
      if (trunkId !== n.livekitInboundTrunkId || ruleId !== n.livekitDispatchRuleId) {
        await forTenant(n.tenantId).phoneNumber.update({
          where: { id: n.id },
          data: { livekitInboundTrunkId: trunkId, livekitDispatchRuleId: ruleId },
        });
      }
    } catch (e) {
      summary.errors.push({ tenantId: n.tenantId, id: n.id, message: (e as Error).message });
    }
  }

  // platformDb(): Reconciliation job: every tenant's SIP connections (or one tenant's via tenantFilter).
  const everyConnection = await platformDb().sipConnection.findMany({ where: tenantFilter });
  const allConnections = new Map(everyConnection.map((c) => [c.id, c]));
  const connections = everyConnection.filter((c) => c.status === "ACTIVE");
  const wantedOutbound = new Set<string>();
  for (const c of connections) {
    summary.connectionsChecked++;
    try {
      const trunkId = await ensureOutboundTrunk(c.tenantId, c.id, deps);
      wantedOutbound.add(trunkId);
      if (trunkId !== c.livekitOutboundTrunkId) {
        summary.repaired.push({
          kind: "outbound-trunk",
          action: "recreated",
          livekitId: trunkId,
          tenantId: c.tenantId,
          sipConnectionId: c.id,
        });
      }
    } catch (e) {
      summary.errors.push({ tenantId: c.tenantId, id: c.id, message: (e as Error).message });
    }
  }

  // Orphans: ours, but no live row owns them (row gone or RELEASED, or a duplicate of the row's object).
  const ownedBy = (metadata: string) => parseOwnership(metadata, config.deployment);
  const outOfScope = (o: { tenantId: string }) => !inScope(o.tenantId);
  const isOrphanOfNumber = (phoneNumberId: string | undefined, livekitId: string, wanted: Set<string>) => {
    const row = phoneNumberId ? numbersById.get(phoneNumberId) : undefined;
    if (!row) return true;
    return row.status === "ACTIVE" && !wanted.has(livekitId);
  };

  for (const r of await lk.sip.listSipDispatchRule()) {
    const o = ownedBy(r.metadata);
    if (isCatchAllRule(r)) summary.catchAllRules.push({ livekitId: r.sipDispatchRuleId, name: r.name, ours: !!o });
    if (!o) {
      summary.foreignObjects++;
      continue;
    }
    if (outOfScope(o)) continue;
    if (o.kind === "dispatch-rule" && isOrphanOfNumber(o.phoneNumberId, r.sipDispatchRuleId, wantedRules)) {
      await lk.sip.deleteSipDispatchRule(r.sipDispatchRuleId).catch(() => undefined);
      summary.removed.push({
        kind: "dispatch-rule",
        action: "removed",
        livekitId: r.sipDispatchRuleId,
        tenantId: o.tenantId,
        phoneNumberId: o.phoneNumberId,
      });
    }
  }
  for (const t of await lk.sip.listSipInboundTrunk()) {
    const o = ownedBy(t.metadata);
    if (!o) {
      summary.foreignObjects++;
      continue;
    }
    if (outOfScope(o)) continue;
    if (o.kind === "inbound-trunk" && isOrphanOfNumber(o.phoneNumberId, t.sipTrunkId, wantedTrunks)) {
      await lk.sip.deleteSipTrunk(t.sipTrunkId);
      summary.removed.push({
        kind: "inbound-trunk",
        action: "removed",
        livekitId: t.sipTrunkId,
        tenantId: o.tenantId,
        phoneNumberId: o.phoneNumberId,
      });
    }
  }
  for (const t of await lk.sip.listSipOutboundTrunk()) {
    const o = ownedBy(t.metadata);
    if (!o) {
      summary.foreignObjects++;
      continue;
    }
    if (o.kind !== "outbound-trunk" || outOfScope(o)) continue;
    const conn = o.sipConnectionId ? allConnections.get(o.sipConnectionId) : undefined;
    // A connection still being set up (or failed) keeps its trunk until it settles.
    const orphan =
      !conn || conn.status === "RELEASED" || (conn.status === "ACTIVE" && !wantedOutbound.has(t.sipTrunkId));
    if (orphan) {
      await lk.sip.deleteSipTrunk(t.sipTrunkId);
      summary.removed.push({
        kind: "outbound-trunk",
        action: "removed",
        livekitId: t.sipTrunkId,
        tenantId: o.tenantId,
        sipConnectionId: o.sipConnectionId,
      });
    }
  }
  return summary;
}

export function formatReconcileSummary(s: ReconcileSummary): string {
  const lines = [
    ...s.resumed.map(
      (r) => `Resumed number ${r.phoneNumberId} (tenant ${r.tenantId}): ${r.status}${r.error ? ` — ${r.error}` : ""}`,
    ),
    `Checked ${s.numbersChecked} active number(s) and ${s.connectionsChecked} outbound connection(s).`,
    `Repaired ${s.repaired.length}, removed ${s.removed.length} orphan(s), left ${s.foreignObjects} object(s) we do not own untouched.`,
  ];
  for (const a of [...s.repaired, ...s.removed]) {
    const owner = a.phoneNumberId ? `number ${a.phoneNumberId}` : `connection ${a.sipConnectionId}`;
    lines.push(`  ${a.action} ${a.kind} ${a.livekitId} (tenant ${a.tenantId}, ${owner})`);
  }
  for (const r of s.catchAllRules) {
    lines.push(
      `  WARNING catch-all dispatch rule ${r.livekitId} "${r.name}"${r.ours ? " (ours)" : ""}: it has no trunk ids and no numbers, so it answers calls meant for other numbers. Delete it or scope it to a trunk.`,
    );
  }
  for (const e of s.errors) lines.push(`  error on ${e.id} (tenant ${e.tenantId}): ${e.message}`);
  return lines.join("\n");
}
