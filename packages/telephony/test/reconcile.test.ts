import { spawn } from "node:child_process";
import path from "node:path";
import { forTenant } from "@articulate/db";
import { SipClient } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignNumberToAgent, formatReconcileSummary, importByoNumber, parseJobMetadata, reconcile } from "../src";
import { createAgent, createTenantWithAgent, type Fakes, startFakes } from "./helpers";

// Async (the fake LiveKit server lives in this process and must keep answering).
function runCli(
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/reconcile.ts", ...args], {
      cwd: path.resolve(__dirname, ".."),
      env,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

let fakes: Fakes;
let sip: SipClient;
beforeAll(async () => {
  // Its own deployment marker and LiveKit project, so other test files' objects are not in play.
  fakes = await startFakes({ deployment: "reconcile-test" });
  sip = new SipClient(fakes.livekit.url, fakes.livekit.apiKey, fakes.livekit.apiSecret);
});
afterAll(async () => {
  await fakes.close();
});
// The test database is shared with other files running in parallel: reconcile only our tenants.
const scoped: string[] = [];
const deps = () => ({ config: fakes.config, tenantIds: scoped });
async function tenant() {
  const t = await createTenantWithAgent();
  scoped.push(t.tenantId);
  return t;
}

describe("reconcile", () => {
  it("recreates a deleted rule, repairs a stale one, removes orphans and leaves foreign objects alone", async () => {
    const { tenantId, agentId } = await tenant();
    const a = (await importByoNumber({ tenantId, phoneNumber: "0261110001", agentId }, deps())).phoneNumber;
    const b = (await importByoNumber({ tenantId, phoneNumber: "0261110002", agentId }, deps())).phoneNumber;

    // Drift 1: a's rule deleted at LiveKit.
    await sip.deleteSipDispatchRule(a.livekitDispatchRuleId!);
    // Drift 2: b re-assigned in the DB only (rule metadata stale).
    const other = await createAgent(tenantId, "Other");
    await forTenant(tenantId).phoneNumber.update({ where: { id: b.id }, data: { agentId: other.id } });
    // Orphan: a trunk + rule with our metadata for a number row that does not exist.
    const orphanMeta = JSON.stringify({
      articulate: 1,
      deployment: "reconcile-test",
      kind: "inbound-trunk",
      tenantId,
      phoneNumberId: "gone",
    });
    const orphanTrunk = await sip.createSipInboundTrunk("orphan", ["+61261119999"], { metadata: orphanMeta });
    const orphanRule = await sip.createSipDispatchRule(
      { type: "individual", roomPrefix: "call" },
      { trunkIds: [orphanTrunk.sipTrunkId], metadata: orphanMeta.replace("inbound-trunk", "dispatch-rule") },
    );
    // Foreign: no metadata, or another deployment's metadata. Never touched.
    const foreignTrunk = await sip.createSipInboundTrunk("someone else", ["+61261118888"]);
    const foreignRule = await sip.createSipDispatchRule(
      { type: "individual", roomPrefix: "x" },
      { trunkIds: [foreignTrunk.sipTrunkId] },
    );
    const otherDeployment = await sip.createSipInboundTrunk("staging", ["+61261117777"], {
      metadata: orphanMeta.replace("reconcile-test", "staging"),
    });

    const summary = await reconcile(deps());

    expect(summary.errors).toEqual([]);
    const aRow = await forTenant(tenantId).phoneNumber.findFirstOrThrow({ where: { id: a.id } });
    expect(aRow.livekitDispatchRuleId).not.toBe(a.livekitDispatchRuleId);
    const recreated = fakes.livekit.state.dispatchRules.get(aRow.livekitDispatchRuleId!)!;
    expect(recreated.trunkIds).toEqual([a.livekitInboundTrunkId]);
    expect(parseJobMetadata(recreated.roomConfig!.agents[0]!.metadata)).toEqual({
      v: 1,
      kind: "inbound",
      tenantId,
      agentId,
      phoneNumberId: a.id,
    });

    const bRule = fakes.livekit.state.dispatchRules.get(b.livekitDispatchRuleId!)!;
    expect(JSON.parse(bRule.roomConfig!.agents[0]!.metadata).agentId).toBe(other.id);

    expect(summary.repaired).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "dispatch-rule", action: "recreated", phoneNumberId: a.id }),
        expect.objectContaining({ kind: "dispatch-rule", action: "updated", phoneNumberId: b.id }),
      ]),
    );
    expect(fakes.livekit.state.inboundTrunks.has(orphanTrunk.sipTrunkId)).toBe(false);
    expect(fakes.livekit.state.dispatchRules.has(orphanRule.sipDispatchRuleId)).toBe(false);
    expect(summary.removed.map((r) => r.livekitId).sort()).toEqual(
      [orphanRule.sipDispatchRuleId, orphanTrunk.sipTrunkId].sort(),
    );
    expect(fakes.livekit.state.inboundTrunks.has(foreignTrunk.sipTrunkId)).toBe(true);
    expect(fakes.livekit.state.dispatchRules.has(foreignRule.sipDispatchRuleId)).toBe(true);
    expect(fakes.livekit.state.inboundTrunks.has(otherDeployment.sipTrunkId)).toBe(true);
    expect(summary.foreignObjects).toBeGreaterThanOrEqual(3);

    // Calls reach the right agents again.
    const call = await fakes.livekit.simulateInboundCall("+61261110001", "+61400000001");
    expect(JSON.parse(call.dispatchMetadata!).phoneNumberId).toBe(a.id);

    // A second run finds nothing to do.
    const again = await reconcile(deps());
    expect(again.repaired.filter((r) => r.tenantId === tenantId)).toEqual([]);
    expect(again.removed).toEqual([]);
  });

  it("recreates a deleted trunk and re-points the rule at it", async () => {
    const { tenantId, agentId } = await tenant();
    const n = (await importByoNumber({ tenantId, phoneNumber: "0261110003", agentId }, deps())).phoneNumber;
    await sip.deleteSipTrunk(n.livekitInboundTrunkId!);
    const summary = await reconcile(deps());
    const row = await forTenant(tenantId).phoneNumber.findFirstOrThrow({ where: { id: n.id } });
    expect(row.livekitInboundTrunkId).not.toBe(n.livekitInboundTrunkId);
    expect(fakes.livekit.state.dispatchRules.get(row.livekitDispatchRuleId!)!.trunkIds).toEqual([
      row.livekitInboundTrunkId,
    ]);
    expect(row.livekitDispatchRuleId).toBe(n.livekitDispatchRuleId);
    expect(summary.repaired).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "inbound-trunk", action: "recreated", phoneNumberId: n.id }),
      ]),
    );
  });

  it("re-attaches a LiveKit-hosted number to its recreated rule", async () => {
    const { tenantId, agentId } = await tenant();
    const { buyNumber } = await import("../src");
    const n = await buyNumber({ tenantId, provider: "LIVEKIT", phoneNumber: "+14155550103", agentId }, deps());
    await sip.deleteSipDispatchRule(n.livekitDispatchRuleId!);
    await reconcile(deps());
    const row = await forTenant(tenantId).phoneNumber.findFirstOrThrow({ where: { id: n.id } });
    expect(row.livekitDispatchRuleId).not.toBe(n.livekitDispatchRuleId);
    const pn = fakes.livekit.state.phoneNumbers.get(n.providerRef!)!;
    expect(pn.sipDispatchRuleId).toBe(row.livekitDispatchRuleId);
    expect(fakes.livekit.state.dispatchRules.get(row.livekitDispatchRuleId!)!.numbers).toEqual(["+14155550103"]);
  });

  it("finishes a provisioning that a crashed run left half-done", async () => {
    const { tenantId, agentId } = await tenant();
    const crash = async (step: string) => {
      if (step === "trunk_created") throw new Error("process died");
    };
    await expect(
      importByoNumber({ tenantId, phoneNumber: "0261110004", agentId }, { ...deps(), onStepCompleted: crash }),
    ).rejects.toThrow("process died");
    const stuck = await forTenant(tenantId).phoneNumber.findFirstOrThrow({ where: { e164Active: "+61261110004" } });
    expect(stuck.status).toBe("PROVISIONING");
    // Not stalled yet under the default window.
    expect((await reconcile(deps())).resumed).toEqual([]);
    const summary = await reconcile({ ...deps(), resumeStalledAfterMs: 0 });
    expect(summary.resumed).toEqual([{ tenantId, phoneNumberId: stuck.id, status: "ACTIVE" }]);
    const row = await forTenant(tenantId).phoneNumber.findFirstOrThrow({ where: { id: stuck.id } });
    expect(row.status).toBe("ACTIVE");
    expect(
      [...fakes.livekit.state.dispatchRules.values()].filter((r) => r.trunkIds.includes(row.livekitInboundTrunkId!)),
    ).toHaveLength(1);
  });

  it("flags a catch-all dispatch rule (no trunk ids, no numbers) and never creates one", async () => {
    const { tenantId, agentId } = await tenant();
    const n = (await importByoNumber({ tenantId, phoneNumber: "0261110005", agentId }, deps())).phoneNumber;
    // Someone else's catch-all: it would answer calls to numbers no trunk matches.
    const catchAll = await sip.createSipDispatchRule({ type: "individual", roomPrefix: "any" }, { name: "catch all" });
    try {
      const summary = await reconcile(deps());
      expect(summary.catchAllRules).toEqual([
        expect.objectContaining({ livekitId: catchAll.sipDispatchRuleId, name: "catch all", ours: false }),
      ]);
      expect(formatReconcileSummary(summary)).toContain(`catch-all dispatch rule ${catchAll.sipDispatchRuleId}`);
      // Flagged, not deleted: it is not ours to remove.
      expect(fakes.livekit.state.dispatchRules.has(catchAll.sipDispatchRuleId)).toBe(true);
      // Every rule we own is scoped to a trunk or a number.
      for (const r of fakes.livekit.state.dispatchRules.values()) {
        if (!r.metadata.includes('"articulate":1')) continue;
        expect(r.trunkIds.length + r.numbers.length).toBeGreaterThan(0);
      }

      // A carrier number whose trunk id was lost: assigning an agent refuses to write a trunk-less rule.
      await forTenant(tenantId).phoneNumber.update({ where: { id: n.id }, data: { livekitInboundTrunkId: null } });
      await sip.deleteSipDispatchRule(n.livekitDispatchRuleId!);
      await expect(assignNumberToAgent(tenantId, n.id, agentId, deps())).rejects.toThrow(/no inbound trunk/);
      const rules = [...fakes.livekit.state.dispatchRules.values()].filter((r) => r.metadata.includes(n.id));
      expect(rules).toEqual([]);
    } finally {
      await sip.deleteSipDispatchRule(catchAll.sipDispatchRuleId);
    }
  });

  it("runs as a command and prints a summary", async () => {
    const out = await runCli(
      {
        ...process.env,
        LIVEKIT_URL: fakes.livekit.url,
        LIVEKIT_API_KEY: fakes.livekit.apiKey,
        LIVEKIT_API_SECRET: fakes.livekit.apiSecret,
        ARTICULATE_DEPLOYMENT: "reconcile-test",
      },
      scoped.flatMap((id) => ["--tenant", id]),
    );
    expect(out.status).toBe(0);
    expect(out.stderr).not.toMatch(/Error/);
    expect(out.stdout).toMatch(/^Checked \d+ active number\(s\) and \d+ outbound connection\(s\)\./);
    expect(out.stdout).toMatch(/removed 0 orphan\(s\)/);
  });

  it("exits non-zero with a plain message when LiveKit is not configured", async () => {
    const env = { ...process.env };
    delete env.LIVEKIT_URL;
    delete env.LIVEKIT_API_KEY;
    delete env.LIVEKIT_API_SECRET;
    const out = await runCli(env);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain("LiveKit is not set up on this installation yet");
  });
});
