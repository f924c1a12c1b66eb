// Trunk media and transport per carrier (SRTP, TLS, codecs), region-pinned BYO
// instructions, and the LiveKit fake enforcing the protocol's rules for them.
import { forTenant } from "@articulate/db";
import { SipClient } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buyNumber,
  byoCarrierSetup,
  ensureOutboundTrunk,
  InvalidTelephonyInputError,
  importByoNumber,
  setSecureMedia,
  type TelephonyConfig,
} from "../src";
import { AU_ADDRESS, createTenantWithAgent, type Fakes, startFakes } from "./helpers";

const ALLOW = 1;
const REQUIRE = 2;
const TLS = 3;

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
  // Numbers of our own: the test database is shared with the other files running in parallel.
  for (const phoneNumber of ["+61255509001", "+61255509002"]) {
    fakes.telnyx.state.available.set(phoneNumber, {
      phoneNumber,
      type: "local",
      locality: "Sydney",
      ndc: "2",
      monthlyCost: "3.00",
      upfrontCost: "1.00",
    });
  }
  fakes.twilio.state.available.set("+61285559001", {
    phoneNumber: "+61285559001",
    type: "Local",
    locality: "Sydney",
    region: "NSW",
    addressRequirements: "local",
  });
});
afterAll(async () => {
  await fakes.close();
});
const deps = (over: Partial<TelephonyConfig> = {}) => ({ config: { ...fakes.config, ...over } });
const secureCarriers = () =>
  deps({
    telnyx: { ...fakes.config.telnyx!, secureTrunking: true },
    twilio: { ...fakes.config.twilio!, secureTrunking: true },
  });
const inbound = (id: string | null) => fakes.livekit.state.inboundTrunks.get(id!)!;
const codecs = (m: { codecs: Array<{ name: string; rate: number }> } | undefined) =>
  (m?.codecs ?? []).map((c) => `${c.name}/${c.rate}`);

describe("inbound trunk media per carrier", () => {
  it("Telnyx: G.722 first then G.711, SRTP allowed; required only with secure trunking and the tenant's opt-in", async () => {
    const { tenantId, agentId } = await createTenantWithAgent();
    const regulatory = { ...AU_ADDRESS, telnyxRequirementGroupId: fakes.telnyx.credentials.requirementGroupId };
    const row = await buyNumber(
      { tenantId, provider: "TELNYX", phoneNumber: "+61255509001", agentId, regulatory },
      deps(),
    );
    const trunk = inbound(row.livekitInboundTrunkId);
    expect(codecs(trunk.media)).toEqual(["G722/8000", "PCMU/8000", "PCMA/8000"]);
    expect(trunk.media?.onlyListedCodecs).toBe(false);
    expect(trunk.media?.encryption).toBe(ALLOW);

    // Opting in without Telnyx secure trunking: refused, naming the field, nothing written.
    const refused = await buyNumber(
      { tenantId, provider: "TELNYX", phoneNumber: "+61255509002", regulatory, requireSecureMedia: true },
      deps(),
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InvalidTelephonyInputError);
    expect((refused as InvalidTelephonyInputError).message).toMatch(/requireSecureMedia.*Telnyx secure trunking/);
    expect(await forTenant(tenantId).phoneNumber.count({ where: { e164: "+61255509002" } })).toBe(0);

    const secure = await buyNumber(
      { tenantId, provider: "TELNYX", phoneNumber: "+61255509002", regulatory, requireSecureMedia: true },
      secureCarriers(),
    );
    expect(inbound(secure.livekitInboundTrunkId).media?.encryption).toBe(REQUIRE);
  });

  it("Twilio: only PCMU/PCMA listed (no G.722 on Twilio), SRTP allowed", async () => {
    const { tenantId, agentId } = await createTenantWithAgent();
    const row = await buyNumber(
      { tenantId, provider: "TWILIO", phoneNumber: "+61285559001", agentId, regulatory: AU_ADDRESS },
      deps(),
    );
    const trunk = inbound(row.livekitInboundTrunkId);
    expect(codecs(trunk.media)).toEqual(["PCMU/8000", "PCMA/8000"]);
    expect(trunk.media?.onlyListedCodecs).toBe(true);
    expect(trunk.media?.encryption).toBe(ALLOW);
  });

  it("BYO: livekit-sip's default codecs; the tenant's opt-in requires SRTP and can be switched off in place", async () => {
    const { tenantId, agentId } = await createTenantWithAgent();
    const { phoneNumber } = await importByoNumber(
      { tenantId, phoneNumber: "0291190001", agentId, requireSecureMedia: true },
      deps(),
    );
    const trunk = inbound(phoneNumber.livekitInboundTrunkId);
    expect(trunk.media?.codecs).toEqual([]);
    expect(trunk.media?.encryption).toBe(REQUIRE);

    const off = await setSecureMedia(tenantId, phoneNumber.id, false, deps());
    expect(off.livekitInboundTrunkId).toBe(phoneNumber.livekitInboundTrunkId);
    expect(inbound(off.livekitInboundTrunkId).media?.encryption).toBe(ALLOW);
    // The trunk was replaced (the field-update RPC cannot carry `media`).
    const update = fakes.livekit.state.requests.filter((r) => r.method === "UpdateSIPInboundTrunk").at(-1);
    expect(update?.body).toHaveProperty("replace");
  });
});

describe("outbound trunk transport", () => {
  async function connection(provider: "TWILIO" | "BYO", transport = "SIP_TRANSPORT_AUTO") {
    const { tenantId } = await createTenantWithAgent();
    const conn = await forTenant(tenantId).sipConnection.create({
      data: {
        tenantId,
        name: provider,
        provider,
        address: provider === "TWILIO" ? "acme.pstn.twilio.com" : "sip.voipline.example.net",
        transport,
        numbers: ["+61281110002"],
      },
    });
    return { tenantId, conn };
  }

  it("uses TLS and requires SRTP towards a carrier with secure trunking, and brings an older trunk in line", async () => {
    const { tenantId, conn } = await connection("TWILIO");
    const plainId = await ensureOutboundTrunk(tenantId, conn.id, deps());
    const plain = fakes.livekit.state.outboundTrunks.get(plainId)!;
    expect(plain.transport).toBe(0);
    expect(plain.media?.encryption).toBe(ALLOW);
    expect(codecs(plain.media)).toEqual(["PCMU/8000", "PCMA/8000"]);

    // The operator switches Twilio secure trunking on: the same trunk moves to TLS + SRTP.
    expect(await ensureOutboundTrunk(tenantId, conn.id, secureCarriers())).toBe(plainId);
    const secure = fakes.livekit.state.outboundTrunks.get(plainId)!;
    expect(secure.transport).toBe(TLS);
    expect(secure.media?.encryption).toBe(REQUIRE);
  });

  it("keeps a bring-your-own connection's chosen transport, SRTP allowed", async () => {
    const { tenantId, conn } = await connection("BYO", "SIP_TRANSPORT_TCP");
    const id = await ensureOutboundTrunk(tenantId, conn.id, secureCarriers());
    const t = fakes.livekit.state.outboundTrunks.get(id)!;
    expect(t.transport).toBe(2);
    expect(t.media?.encryption).toBe(ALLOW);
  });
});

describe("BYO carrier instructions", () => {
  it("show UDP, TCP and TLS URIs on the region-pinned Cloud endpoint, with the carrier settings to match", async () => {
    const { tenantId } = await createTenantWithAgent();
    const { phoneNumber } = await importByoNumber({ tenantId, phoneNumber: "0291190002" }, deps());
    const setup = await byoCarrierSetup(tenantId, phoneNumber.id, deps({ sipRegion: "aus" }));
    expect(setup.region).toBe("aus");
    expect(setup.sipEndpoint).toBe("proj123.aus.sip.livekit.cloud");
    expect(setup.options).toEqual([
      expect.objectContaining({ transport: "udp", port: 5060, uri: "sip:proj123.aus.sip.livekit.cloud;transport=udp" }),
      expect.objectContaining({ transport: "tcp", port: 5060, uri: "sip:proj123.aus.sip.livekit.cloud;transport=tcp" }),
      expect.objectContaining({
        transport: "tls",
        port: 5061,
        uri: "sip:proj123.aus.sip.livekit.cloud:5061;transport=tls",
      }),
    ]);
    expect(setup.secureMedia).toBe("allowed");
    expect(setup.carrierSettings.join("\n")).toMatch(/RFC 2833/);
    expect(setup.carrierSettings.join("\n")).toMatch(/G\.722/);
  });

  it("offer TLS on a self-hosted livekit-sip only when its TLS port is configured", async () => {
    const { tenantId } = await createTenantWithAgent();
    const { phoneNumber } = await importByoNumber({ tenantId, phoneNumber: "0291190003" }, deps());
    const lk = fakes.config.livekit!;
    const plain = await byoCarrierSetup(
      tenantId,
      phoneNumber.id,
      deps({ livekit: { ...lk, sipEndpoint: "10.0.0.5" } }),
    );
    expect(plain.options.map((o) => o.transport)).toEqual(["udp", "tcp"]);
    expect(plain.region).toBeUndefined();
    expect(plain.carrierSettings.join("\n")).toMatch(/does not offer TLS/);
    const tls = await byoCarrierSetup(
      tenantId,
      phoneNumber.id,
      deps({ livekit: { ...lk, sipEndpoint: "10.0.0.5", sipTlsPort: 5061 } }),
    );
    expect(tls.options.at(-1)).toMatchObject({ transport: "tls", uri: "sip:10.0.0.5:5061;transport=tls" });
  });
});

describe("the LiveKit fake applies the protocol's rules to the new fields", () => {
  const sip = () => new SipClient(fakes.livekit.url, fakes.livekit.apiKey, fakes.livekit.apiSecret);
  const raw = (method: string, body: unknown) =>
    fetch(`${fakes.livekit.url.replace(/^ws/, "http")}/twirp/livekit.SIP/${method}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
      body: JSON.stringify(body),
    });
  let adminToken = "";
  beforeAll(async () => {
    const { AccessToken } = await import("livekit-server-sdk");
    const at = new AccessToken(fakes.livekit.apiKey, fakes.livekit.apiSecret);
    at.addSIPGrant({ admin: true });
    adminToken = await at.toJwt();
  });

  it("rejects a codec name with a rate in it (SIPCodec.Validate)", async () => {
    const res = await raw("CreateSIPInboundTrunk", {
      trunk: { name: "x", numbers: ["+61291119001"], media: { codecs: [{ name: "G722/8000", rate: 8000 }] } },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      code: "invalid_argument",
      msg: expect.stringMatching(/must not contain/),
    });
  });

  it("drops an unknown encryption name and `transport` on an inbound trunk (protojson DiscardUnknown)", async () => {
    // A typo does not fail: the field is discarded and the trunk ends up unencrypted. Hence enum values
    // from the generated enums in our code, never hand-written names.
    const typo = await raw("CreateSIPInboundTrunk", {
      trunk: { name: "x", numbers: ["+61291119002"], media: { encryption: "SIP_MEDIA_ENCRYPT_ALWAYS" } },
    });
    expect(typo.status).toBe(200);
    const typoBody = (await typo.json()) as Record<string, unknown>;
    expect(typoBody.media).toMatchObject({ encryption: "SIP_MEDIA_ENCRYPT_DISABLE" });
    await sip().deleteSipTrunk(typoBody.sip_trunk_id as string);

    const ok = await raw("CreateSIPInboundTrunk", {
      trunk: {
        name: "x",
        numbers: ["+61291119002"],
        transport: "SIP_TRANSPORT_TLS",
        media_encryption: "SIP_MEDIA_ENCRYPT_REQUIRE",
      },
    });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as Record<string, unknown>;
    expect(body).not.toHaveProperty("transport");
    // The deprecated field is upgraded into media.encryption.
    expect(body.media).toMatchObject({ encryption: "SIP_MEDIA_ENCRYPT_REQUIRE" });
    await sip().deleteSipTrunk(body.sip_trunk_id as string);
  });

  it("answers a request whose fields have the wrong JSON type as malformed", async () => {
    const res = await raw("CreateSIPInboundTrunk", { trunk: { name: "x", numbers: "+61291119003" } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe("malformed");
  });
});
