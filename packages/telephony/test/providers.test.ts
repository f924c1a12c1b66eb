import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  NumberUnavailableError,
  numberProvider,
  ProviderError,
  RegulatoryRequirementError,
  regulatoryRequirements,
  TelephonyNotConfiguredError,
  UnsupportedByProviderError,
} from "../src";
import { AU_ADDRESS, type Fakes, startFakes } from "./helpers";

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes();
});
afterAll(async () => {
  await fakes.close();
});
const deps = () => ({ config: fakes.config });

describe("Telnyx provider", () => {
  it("searches AU local numbers with the deep-object filters and shows costs and requirements", async () => {
    const telnyx = numberProvider("TELNYX", deps());
    const found = await telnyx.searchNumbers({ country: "AU", type: "local", locality: "Sydney", limit: 2 });
    expect(found).toHaveLength(2);
    expect(found[0]).toMatchObject({
      e164: "+61255501234",
      display: "02 5550 1234",
      provider: "TELNYX",
      numberType: "LOCAL",
      locality: "Sydney",
      monthlyCost: "3.00",
      currency: "USD",
    });
    expect(found[0]!.requirements.map((r) => r.field)).toEqual([
      "businessName",
      "businessAddress",
      "identityDocuments",
    ]);
    const sent = fakes.telnyx.state.requests.at(-1)!;
    const q = new URLSearchParams(sent.query);
    expect(q.get("filter[country_code]")).toBe("AU");
    expect(q.get("filter[phone_number_type]")).toBe("local");
    expect(q.getAll("filter[features][]")).toEqual(["voice"]);
    expect(q.get("filter[locality]")).toBe("Sydney");
    const mobiles = await telnyx.searchNumbers({ country: "AU", type: "mobile" });
    expect(mobiles.map((m) => m.e164)).toEqual(["+61491570156"]);
  });

  it("purchases (active with a requirement group, pending without), adopts on retry, and releases", async () => {
    const telnyx = numberProvider("TELNYX", deps());
    const pending = await telnyx
      .purchaseNumber("+61755501234", { numberType: "LOCAL", reference: "pn_1" })
      .catch((e: unknown) => e);
    expect(pending).toBeInstanceOf(RegulatoryRequirementError);
    expect((pending as Error).message).toMatch(
      /^Telnyx needs an Australian address and identity documents before 07 5550 1234/,
    );
    // Retrying before approval does not order again.
    await expect(
      telnyx.purchaseNumber("+61755501234", { numberType: "LOCAL", reference: "pn_1" }),
    ).rejects.toBeInstanceOf(RegulatoryRequirementError);
    expect(fakes.telnyx.state.orders.size).toBe(1);
    fakes.telnyx.approveRequirements("+61755501234");
    const adopted = await telnyx.purchaseNumber("+61755501234", { numberType: "LOCAL", reference: "pn_1" });
    expect(adopted.status).toBe("active");
    expect(fakes.telnyx.state.orders.size).toBe(1);

    const bought = await telnyx.purchaseNumber("+611800555012", {
      numberType: "TOLL_FREE",
      reference: "pn_2",
      regulatory: { ...AU_ADDRESS, telnyxRequirementGroupId: fakes.telnyx.credentials.requirementGroupId },
    });
    expect(bought.status).toBe("active");
    const order = [...fakes.telnyx.state.requests].reverse().find((r) => r.path === "/v2/number_orders")!;
    expect(order.body).toMatchObject({
      phone_numbers: [
        { phone_number: "+611800555012", requirement_group_id: fakes.telnyx.credentials.requirementGroupId },
      ],
      connection_id: fakes.telnyx.credentials.connectionId,
      customer_reference: "pn_2",
    });
    await telnyx.pointAtLiveKit(bought.providerRef, "+611800555012");
    expect(fakes.telnyx.state.numbers.get(bought.providerRef)!.connectionId).toBe(
      fakes.telnyx.credentials.connectionId,
    );
    await telnyx.releaseNumber(bought.providerRef);
    expect(fakes.telnyx.state.numbers.get(bought.providerRef)!.status).toBe("deleted");
    await telnyx.releaseNumber(bought.providerRef); // already gone: fine
    await expect(telnyx.purchaseNumber("+61299990000", { numberType: "LOCAL", reference: "x" })).rejects.toBeInstanceOf(
      NumberUnavailableError,
    );
  });

  it("reports bad credentials as an auth problem", async () => {
    const telnyx = numberProvider("TELNYX", {
      config: { ...fakes.config, telnyx: { ...fakes.config.telnyx!, apiKey: "KEYwrong" } },
    });
    const err = await telnyx.searchNumbers({ country: "AU", type: "local" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).code).toBe("provider_auth");
    expect((err as Error).message).toBe(
      "Telnyx rejected our account credentials. An administrator needs to check the Telnyx API key.",
    );
  });
});

describe("Twilio provider", () => {
  it("searches AU numbers by type and flags address requirements", async () => {
    const twilio = numberProvider("TWILIO", deps());
    const local = await twilio.searchNumbers({ country: "AU", type: "local", locality: "Sydney" });
    expect(local.map((n) => n.e164)).toEqual(["+61285550100", "+61285550101"]);
    expect(local[0]!.requirements.map((r) => r.field)).toEqual(["businessName", "businessAddress"]);
    const tollFree = await twilio.searchNumbers({ country: "AU", type: "toll_free" });
    expect(tollFree).toEqual([
      expect.objectContaining({ e164: "+611800555100", numberType: "TOLL_FREE", requirements: [] }),
    ]);
    const sent = fakes.twilio.state.requests.at(-1)!;
    expect(sent.path).toBe(
      `/2010-04-01/Accounts/${fakes.twilio.credentials.accountSid}/AvailablePhoneNumbers/AU/TollFree.json`,
    );
    expect(new URLSearchParams(sent.query).get("VoiceEnabled")).toBe("true");
  });

  it("needs an Australian address, creates it from the tenant's details, buys, attaches to the trunk and releases", async () => {
    const twilio = numberProvider("TWILIO", deps());
    const err = await twilio
      .purchaseNumber("+61285550100", { numberType: "LOCAL", reference: "pn_t1" })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegulatoryRequirementError);
    expect((err as Error).message).toMatch(/^Twilio needs an Australian street address for this number/);
    expect((err as RegulatoryRequirementError).requirements.map((r) => r.field)).toEqual([
      "businessName",
      "businessAddress",
    ]);

    const bought = await twilio.purchaseNumber("+61285550100", {
      numberType: "LOCAL",
      reference: "pn_t1",
      regulatory: AU_ADDRESS,
    });
    expect(bought).toMatchObject({ status: "active", providerRef: expect.stringMatching(/^PN/) });
    const held = fakes.twilio.state.incoming.get(bought.providerRef)!;
    expect(fakes.twilio.state.addresses.get(held.addressSid!)).toMatchObject({
      customerName: "Acme Dental Pty Ltd",
      postalCode: "2000",
    });
    // Idempotent: buying again adopts the number already in the account.
    expect((await twilio.purchaseNumber("+61285550100", { numberType: "LOCAL", reference: "pn_t1" })).providerRef).toBe(
      bought.providerRef,
    );
    await twilio.pointAtLiveKit(bought.providerRef, "+61285550100");
    expect(held.trunkSid).toBe(fakes.twilio.credentials.trunkSid);
    await twilio.releaseNumber(bought.providerRef);
    expect(fakes.twilio.state.incoming.has(bought.providerRef)).toBe(false);
    await twilio.releaseNumber(bought.providerRef);
  });

  it("rejects a PO box and reports bad credentials", async () => {
    const twilio = numberProvider("TWILIO", deps());
    await expect(
      twilio.purchaseNumber("+61385550100", {
        numberType: "LOCAL",
        reference: "x",
        regulatory: { ...AU_ADDRESS, street: "PO Box 12" },
      }),
    ).rejects.toBeInstanceOf(RegulatoryRequirementError);
    const bad = numberProvider("TWILIO", {
      config: { ...fakes.config, twilio: { ...fakes.config.twilio!, authToken: "nope" } },
    });
    await expect(bad.searchNumbers({ country: "AU", type: "local" })).rejects.toMatchObject({ code: "provider_auth" });
  });
});

describe("LiveKit Phone Numbers provider", () => {
  it("is US-only, buys through PhoneNumberService with a sip.admin token, and releases", async () => {
    const lk = numberProvider("LIVEKIT", deps());
    await expect(lk.searchNumbers({ country: "AU", type: "local" })).rejects.toBeInstanceOf(UnsupportedByProviderError);
    const found = await lk.searchNumbers({ country: "US", type: "local", areaCode: "415", limit: 3 });
    expect(found.map((n) => n.e164)).toEqual(["+14155550100", "+14155550101", "+14155550102"]);
    const bought = await lk.purchaseNumber("+14155550100", { numberType: "LOCAL", reference: "pn_l" });
    expect(bought.status).toBe("active");
    const req = fakes.livekit.state.requests.filter((r) => r.service === "livekit.PhoneNumberService").at(-1)!;
    expect(req.method).toBe("PurchasePhoneNumber");
    expect(req.claims.sip).toEqual({ admin: true });
    expect((await lk.purchaseNumber("+14155550100", { numberType: "LOCAL", reference: "pn_l" })).providerRef).toBe(
      bought.providerRef,
    );
    await lk.releaseNumber(bought.providerRef);
    expect(fakes.livekit.state.phoneNumbers.get(bought.providerRef)!.status).toBe("PHONE_NUMBER_STATUS_RELEASED");
  });
});

describe("bring your own", () => {
  it("cannot be searched or bought, and needs no regulatory data from us", async () => {
    const byo = numberProvider("BYO");
    await expect(byo.searchNumbers({ country: "AU", type: "local" })).rejects.toBeInstanceOf(
      UnsupportedByProviderError,
    );
    expect(regulatoryRequirements("BYO", "LOCAL")).toEqual([]);
  });
});

describe("configuration", () => {
  it("throws TelephonyNotConfiguredError naming the missing variables", () => {
    const err = (() => {
      try {
        numberProvider("TWILIO", { config: { twilio: undefined } });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(TelephonyNotConfiguredError);
    expect((err as Error).message).toBe(
      "Twilio is not set up on this installation yet (missing TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN).",
    );
  });
});
