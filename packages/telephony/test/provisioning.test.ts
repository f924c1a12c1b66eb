import { forTenant } from "@articulate/db";
import { normalizeNumber } from "@articulate/testing/livekit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assignNumberToAgent,
  buyNumber,
  InvalidStateError,
  importByoNumber,
  NumberAlreadyHeldError,
  NumberConflictError,
  type ProvisioningStep,
  parseJobMetadata,
  provisionInboundNumber,
  provisioningPlan,
  RegulatoryRequirementError,
  type ReleaseStep,
  releaseNumber,
  TelephonyNotConfiguredError,
} from "../src";
import { AU_ADDRESS, createAgent, createTenantWithAgent, type Fakes, startFakes } from "./helpers";

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await fakes.close();
});

const deps = () => ({ config: fakes.config });
const trunksFor = (e164: string) =>
  [...fakes.livekit.state.inboundTrunks.values()].filter((t) => t.numbers.some((n) => normalizeNumber(n) === e164));
const rulesFor = (trunkId: string) =>
  [...fakes.livekit.state.dispatchRules.values()].filter((r) => r.trunkIds.includes(trunkId));

class SimulatedCrash extends Error {}

describe("provisionInboundNumber", () => {
  it("buys a Telnyx number, points it at LiveKit and routes calls to the agent", async () => {
    const { tenantId, agentId } = await createTenantWithAgent();
    const row = await buyNumber(
      {
        tenantId,
        provider: "TELNYX",
        phoneNumber: "02 5550 1234",
        agentId,
        regulatory: { ...AU_ADDRESS, telnyxRequirementGroupId: fakes.telnyx.credentials.requirementGroupId },
      },
      deps(),
    );
    expect(row.status).toBe("ACTIVE");
    expect(row.provisioningStep).toBe("active");
    expect(row.e164).toBe("+61255501234");
    expect(row.e164Active).toBe("+61255501234");

    const owned = [...fakes.telnyx.state.numbers.values()].filter((n) => n.phoneNumber === row.e164);
    expect(owned).toHaveLength(1);
    expect(owned[0]!.id).toBe(row.providerRef);
    expect(owned[0]!.connectionId).toBe(fakes.telnyx.credentials.connectionId);
    expect(owned[0]!.customerReference).toBe(row.id);

    const trunks = trunksFor(row.e164);
    expect(trunks).toHaveLength(1);
    expect(trunks[0]!.sipTrunkId).toBe(row.livekitInboundTrunkId);
    expect(trunks[0]!.krispEnabled).toBe(true);
    const rules = rulesFor(row.livekitInboundTrunkId!);
    expect(rules).toHaveLength(1);
    expect(rules[0]!.sipDispatchRuleId).toBe(row.livekitDispatchRuleId);
    expect(rules[0]!.rule?.rule.case).toBe("dispatchRuleIndividual");
    expect(rules[0]!.roomConfig?.agents.map((a) => a.agentName)).toEqual(["receptionist"]);

    // A caller dials the number: LiveKit picks our trunk and rule and dispatches the agent.
    const call = await fakes.livekit.simulateInboundCall("+61255501234", "+61400111222");
    expect(call.roomName).toMatch(/^call_\+61400111222_/);
    expect(call.trunkId).toBe(row.livekitInboundTrunkId);
    expect(parseJobMetadata(call.dispatchMetadata)).toEqual({
      v: 1,
      kind: "inbound",
      tenantId,
      agentId,
      phoneNumberId: row.id,
    });

    // Provisioning again is a no-op.
    const again = await provisionInboundNumber(row.id, deps());
    expect(again.livekitInboundTrunkId).toBe(row.livekitInboundTrunkId);
    expect(trunksFor(row.e164)).toHaveLength(1);
  });

  for (const provider of ["TELNYX", "TWILIO"] as const) {
    for (const crashAfter of provisioningPlan(provider)) {
      it(`${provider}: a crash after ${crashAfter} is completed by the next run without duplicates`, async () => {
        const { tenantId, agentId } = await createTenantWithAgent();
        const e164 = provider === "TELNYX" ? "+61355501234" : "+61285550100";
        if (provider === "TELNYX") {
          // Each case buys the same inventory number: put it back.
          fakes.telnyx.state.available.set(e164, {
            phoneNumber: e164,
            type: "local",
            locality: "Melbourne",
            ndc: "3",
            monthlyCost: "3.00",
            upfrontCost: "1.00",
          });
        } else {
          fakes.twilio.state.available.set(e164, {
            phoneNumber: e164,
            type: "Local",
            locality: "Sydney",
            region: "NSW",
            addressRequirements: "local",
          });
        }
        const regulatory =
          provider === "TELNYX"
            ? { ...AU_ADDRESS, telnyxRequirementGroupId: fakes.telnyx.credentials.requirementGroupId }
            : AU_ADDRESS;
        const crash = async (step: string) => {
          if (step === crashAfter) throw new SimulatedCrash(step);
        };
        await expect(
          buyNumber(
            { tenantId, provider, phoneNumber: e164, agentId, regulatory },
            { ...deps(), onStepCompleted: crash },
          ),
        ).rejects.toBeInstanceOf(SimulatedCrash);
        const tdb = forTenant(tenantId);
        const crashed = await tdb.phoneNumber.findFirstOrThrow({ where: { e164Active: e164 } });
        expect(crashed.status).toBe("PROVISIONING");
        expect(crashed.provisioningStep).toBe(crashAfter);

        const done = await provisionInboundNumber(crashed.id, deps());
        expect(done.status).toBe("ACTIVE");
        const trunks = trunksFor(e164);
        expect(trunks).toHaveLength(1);
        expect(rulesFor(trunks[0]!.sipTrunkId)).toHaveLength(1);
        if (provider === "TELNYX") {
          expect(
            [...fakes.telnyx.state.numbers.values()].filter((n) => n.phoneNumber === e164 && n.status !== "deleted"),
          ).toHaveLength(1);
        } else {
          const held = [...fakes.twilio.state.incoming.values()].filter((n) => n.phoneNumber === e164);
          expect(held).toHaveLength(1);
          expect(held[0]!.trunkSid).toBe(fakes.twilio.credentials.trunkSid);
        }
        await releaseNumber(tenantId, done.id, deps());
        expect(trunksFor(e164)).toHaveLength(0);
      });
    }
  }

  it("adopts a trunk and rule created just before a crash (created at LiveKit, never saved)", async () => {
    const { tenantId, agentId } = await createTenantWithAgent();
    const e164 = "+61255501235";
    const crash = async (step: ProvisioningStep | ReleaseStep) => {
      if (step === "carrier_routed") throw new SimulatedCrash(step);
    };
    await expect(
      buyNumber(
        {
          tenantId,
          provider: "TELNYX",
          phoneNumber: e164,
          agentId,
          regulatory: { telnyxRequirementGroupId: fakes.telnyx.credentials.requirementGroupId, country: "AU" },
        },
        { ...deps(), onStepCompleted: crash },
      ),
    ).rejects.toBeInstanceOf(SimulatedCrash);
    const tdb = forTenant(tenantId);
    const row = await tdb.phoneNumber.findFirstOrThrow({ where: { e164Active: e164 } });
    // The next step runs to completion at LiveKit, but the process dies before the DB write:
    // emulate by running provisioning against a copy whose DB writes we then roll back.
    const interrupted = await provisionInboundNumber(row.id, deps());
    await tdb.phoneNumber.update({
      where: { id: row.id },
      data: {
        status: "PROVISIONING",
        provisioningStep: "carrier_routed",
        livekitInboundTrunkId: null,
        livekitDispatchRuleId: null,
      },
    });
    const resumed = await provisionInboundNumber(row.id, deps());
    expect(resumed.livekitInboundTrunkId).toBe(interrupted.livekitInboundTrunkId);
    expect(resumed.livekitDispatchRuleId).toBe(interrupted.livekitDispatchRuleId);
    expect(trunksFor(e164)).toHaveLength(1);
    expect(rulesFor(resumed.livekitInboundTrunkId!)).toHaveLength(1);
  });

  it("surfaces a number already on another trunk as a clear, retryable failure", async () => {
    const { tenantId, agentId } = await createTenantWithAgent();
    // Someone else's trunk (no Articulate metadata) already answers this number, formatted differently.
    const { SipClient } = await import("livekit-server-sdk");
    const sip = new SipClient(fakes.livekit.url, fakes.livekit.apiKey, fakes.livekit.apiSecret);
    const foreign = await sip.createSipInboundTrunk("legacy", ["+61 7 5550 1234"]);
    const err = await importByoNumber({ tenantId, phoneNumber: "07 5550 1234", agentId }, deps()).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NumberConflictError);
    expect((err as Error).message).toBe(
      "07 5550 1234 is already connected to another trunk. Remove it from the other trunk, then retry.",
    );
    const row = await forTenant(tenantId).phoneNumber.findFirstOrThrow({ where: { e164Active: "+61755501234" } });
    expect(row.status).toBe("FAILED");
    expect(row.failureReason).toContain("already connected to another trunk");
    expect(trunksFor("+61755501234").map((t) => t.sipTrunkId)).toEqual([foreign.sipTrunkId]);

    await sip.deleteSipTrunk(foreign.sipTrunkId);
    const retried = await provisionInboundNumber(row.id, deps());
    expect(retried.status).toBe("ACTIVE");
    expect(retried.failureReason).toBeNull();
  });

  it("two runs started together never leave duplicates, and the number ends ACTIVE", async () => {
    const { tenantId, agentId } = await createTenantWithAgent();
    const crash = async (step: ProvisioningStep | ReleaseStep) => {
      if (step === "trunk_created") throw new SimulatedCrash(step);
    };
    await expect(
      importByoNumber({ tenantId, phoneNumber: "0291110077", agentId }, { ...deps(), onStepCompleted: crash }),
    ).rejects.toBeInstanceOf(SimulatedCrash);
    const row = await forTenant(tenantId).phoneNumber.findFirstOrThrow({ where: { e164Active: "+61291110077" } });
    const results = await Promise.allSettled([
      provisionInboundNumber(row.id, deps()),
      provisionInboundNumber(row.id, deps()),
    ]);
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    const final = await provisionInboundNumber(row.id, deps());
    expect(final.status).toBe("ACTIVE");
    expect(trunksFor("+61291110077")).toHaveLength(1);
    expect(rulesFor(final.livekitInboundTrunkId!)).toHaveLength(1);
  });

  it("refuses a number another row already holds", async () => {
    const a = await createTenantWithAgent();
    const b = await createTenantWithAgent();
    await importByoNumber({ tenantId: a.tenantId, phoneNumber: "+61 2 9000 0001" }, deps());
    const err = await importByoNumber({ tenantId: b.tenantId, phoneNumber: "02 9000 0001" }, deps()).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NumberAlreadyHeldError);
    expect((err as Error).message).toBe("02 9000 0001 is already in use on Articulate. Pick another number.");
  });

  it("leaves a Twilio number without an address FAILED with an actionable reason", async () => {
    const { tenantId } = await createTenantWithAgent();
    const err = await buyNumber({ tenantId, provider: "TWILIO", phoneNumber: "+61385550100" }, deps()).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RegulatoryRequirementError);
    expect((err as Error).message).toMatch(/^Twilio needs an Australian street address for this number/);
    const row = await forTenant(tenantId).phoneNumber.findFirstOrThrow({ where: { e164Active: "+61385550100" } });
    expect(row.status).toBe("FAILED");
    expect(row.provisioningStep).toBeNull();
    expect(trunksFor("+61385550100")).toHaveLength(0);
    // The owner adds the address; retrying completes.
    await forTenant(tenantId).phoneNumber.update({ where: { id: row.id }, data: { regulatory: AU_ADDRESS } });
    const ok = await provisionInboundNumber(row.id, deps());
    expect(ok.status).toBe("ACTIVE");
    const held = [...fakes.twilio.state.incoming.values()].find((n) => n.phoneNumber === "+61385550100");
    expect(held?.addressSid).toMatch(/^AD/);
    expect(fakes.twilio.state.addresses.get(held!.addressSid!)?.isoCountry).toBe("AU");
  });

  it("provisions a LiveKit Phone Number with a number-scoped rule and no trunk", async () => {
    const { tenantId, agentId } = await createTenantWithAgent();
    const row = await buyNumber({ tenantId, provider: "LIVEKIT", phoneNumber: "+14155550101", agentId }, deps());
    expect(row.status).toBe("ACTIVE");
    expect(row.livekitInboundTrunkId).toBeNull();
    const rule = fakes.livekit.state.dispatchRules.get(row.livekitDispatchRuleId!);
    expect(rule?.numbers).toEqual(["+14155550101"]);
    expect(rule?.trunkIds).toEqual([]);
    const pn = [...fakes.livekit.state.phoneNumbers.values()].find((n) => n.e164 === "+14155550101");
    expect(pn?.owned).toBe(true);
    expect(pn?.sipDispatchRuleId).toBe(row.livekitDispatchRuleId);
    const call = await fakes.livekit.simulateInboundCall("+14155550101", "+15550001111");
    expect(JSON.parse(call.dispatchMetadata!)).toMatchObject({ tenantId, agentId, phoneNumberId: row.id });
  });

  it("imports a BYO number with encrypted credentials and returns the carrier setup", async () => {
    const { tenantId, agentId } = await createTenantWithAgent();
    const { phoneNumber, carrierSetup } = await importByoNumber(
      { tenantId, phoneNumber: "0291234567", agentId, auth: { username: "voipline01", password: "Sup3r-secret-pass" } },
      deps(),
    );
    expect(phoneNumber.sipAuthPasswordEnc).not.toContain("Sup3r");
    const trunk = fakes.livekit.state.inboundTrunks.get(phoneNumber.livekitInboundTrunkId!);
    expect(trunk?.authUsername).toBe("voipline01");
    expect(trunk?.authPassword).toBe("Sup3r-secret-pass");
    expect(carrierSetup).toMatchObject({
      sipUri: "sip:proj123.sip.livekit.cloud;transport=tcp",
      number: "+61291234567",
      username: "voipline01",
      password: "Sup3r-secret-pass",
    });
  });

  it("says plainly when LiveKit is not configured, and marks the number FAILED", async () => {
    const { tenantId } = await createTenantWithAgent();
    const err = await importByoNumber(
      { tenantId, phoneNumber: "0291234999" },
      { config: { livekit: undefined, deployment: "x", krisp: false } },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TelephonyNotConfiguredError);
    expect((err as Error).message).toContain("LiveKit is not set up");
  });
});

describe("releaseNumber", () => {
  it("removes the rule, then the trunk, then the carrier number, then marks the row", async () => {
    const { tenantId, agentId } = await createTenantWithAgent();
    const row = await buyNumber(
      { tenantId, provider: "TWILIO", phoneNumber: "+61285550101", agentId, regulatory: AU_ADDRESS },
      deps(),
    );
    const trunkId = row.livekitInboundTrunkId!;
    const ruleId = row.livekitDispatchRuleId!;
    const seen: string[] = [];
    const lk = fakes.livekit.state;
    const twilioHeld = () => [...fakes.twilio.state.incoming.values()].some((n) => n.sid === row.providerRef);
    const released = await releaseNumber(tenantId, row.id, {
      ...deps(),
      onStepCompleted: (step) => {
        seen.push(step);
        if (step === "rule_deleted") {
          expect(lk.dispatchRules.has(ruleId)).toBe(false);
          expect(lk.inboundTrunks.has(trunkId)).toBe(true);
          expect(twilioHeld()).toBe(true);
        }
        if (step === "trunk_deleted") {
          expect(lk.inboundTrunks.has(trunkId)).toBe(false);
          expect(twilioHeld()).toBe(true);
        }
        if (step === "carrier_released") expect(twilioHeld()).toBe(false);
      },
    });
    expect(seen).toEqual(["rule_deleted", "trunk_deleted", "carrier_released"]);
    expect(released.status).toBe("RELEASED");
    expect(released.e164Active).toBeNull();
    expect(released.releasedAt).toBeInstanceOf(Date);
    // Idempotent, and the number can be held again by a new row.
    expect((await releaseNumber(tenantId, row.id, deps())).status).toBe("RELEASED");
    await expect(provisionInboundNumber(row.id, deps())).rejects.toBeInstanceOf(InvalidStateError);
  });

  it("is resumable after a failure part-way", async () => {
    const { tenantId } = await createTenantWithAgent();
    const { phoneNumber } = await importByoNumber({ tenantId, phoneNumber: "0291110000" }, deps());
    await expect(
      releaseNumber(tenantId, phoneNumber.id, {
        ...deps(),
        onStepCompleted: (s) => {
          if (s === "rule_deleted") throw new SimulatedCrash(s);
        },
      }),
    ).rejects.toBeInstanceOf(SimulatedCrash);
    const mid = await forTenant(tenantId).phoneNumber.findFirstOrThrow({ where: { id: phoneNumber.id } });
    expect(mid.status).toBe("RELEASING");
    const done = await releaseNumber(tenantId, phoneNumber.id, deps());
    expect(done.status).toBe("RELEASED");
    expect(fakes.livekit.state.inboundTrunks.has(phoneNumber.livekitInboundTrunkId!)).toBe(false);
  });

  it("never releases another tenant's number", async () => {
    const a = await createTenantWithAgent();
    const b = await createTenantWithAgent();
    const { phoneNumber } = await importByoNumber({ tenantId: a.tenantId, phoneNumber: "0291110001" }, deps());
    await expect(releaseNumber(b.tenantId, phoneNumber.id, deps())).rejects.toThrow(/does not exist in this workspace/);
    expect(fakes.livekit.state.inboundTrunks.has(phoneNumber.livekitInboundTrunkId!)).toBe(true);
  });
});

describe("assignNumberToAgent", () => {
  it("updates the dispatch rule's job metadata in place", async () => {
    const { tenantId, agentId } = await createTenantWithAgent();
    const other = await createAgent(tenantId, "After hours");
    const { phoneNumber } = await importByoNumber({ tenantId, phoneNumber: "0291110002", agentId }, deps());
    const updated = await assignNumberToAgent(tenantId, phoneNumber.id, other.id, deps());
    expect(updated.agentId).toBe(other.id);
    expect(updated.livekitDispatchRuleId).toBe(phoneNumber.livekitDispatchRuleId);
    const rule = fakes.livekit.state.dispatchRules.get(phoneNumber.livekitDispatchRuleId!);
    expect(parseJobMetadata(rule!.roomConfig!.agents[0]!.metadata)).toEqual({
      v: 1,
      kind: "inbound",
      tenantId,
      agentId: other.id,
      phoneNumberId: phoneNumber.id,
    });
    expect(rulesFor(phoneNumber.livekitInboundTrunkId!)).toHaveLength(1);
    const call = await fakes.livekit.simulateInboundCall("+61291110002", "+61400000009");
    expect(JSON.parse(call.dispatchMetadata!).agentId).toBe(other.id);
  });

  it("rejects an agent from another tenant", async () => {
    const a = await createTenantWithAgent();
    const b = await createTenantWithAgent();
    const { phoneNumber } = await importByoNumber(
      { tenantId: a.tenantId, phoneNumber: "0291110003", agentId: a.agentId },
      deps(),
    );
    await expect(assignNumberToAgent(a.tenantId, phoneNumber.id, b.agentId, deps())).rejects.toThrow(
      /agent .* does not exist/,
    );
  });
});
