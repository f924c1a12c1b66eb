import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseStripeForm, startStripeFake, stripeSignatureHeader } from "../src/stripe/index";

describe("Stripe form decoding", () => {
  it("decodes bracketed keys into nested objects and arrays like Stripe", () => {
    const body =
      "mode=subscription&line_items[0][price]=price_a&line_items[0][quantity]=1&line_items[1][price]=price_b" +
      "&metadata[tenant_id]=t1&expand[]=data.tiers&expand[]=customer&tiers[0][up_to]=1000&tiers[1][up_to]=inf" +
      "&recurring[interval]=month&payload[value]=3&name=A%20%26%20B";
    expect(parseStripeForm(body)).toEqual({
      mode: "subscription",
      line_items: [{ price: "price_a", quantity: "1" }, { price: "price_b" }],
      metadata: { tenant_id: "t1" },
      expand: ["data.tiers", "customer"],
      tiers: [{ up_to: "1000" }, { up_to: "inf" }],
      recurring: { interval: "month" },
      payload: { value: "3" },
      name: "A & B",
    });
  });
});

describe("Stripe fake HTTP rules", () => {
  it("requires the secret key (Bearer or Basic) and answers with Stripe's error shape", async () => {
    const fake = await startStripeFake({ secretKey: "sk_test_abc" });
    try {
      const none = await fetch(`${fake.url}/v1/customers`, { method: "POST" });
      expect(none.status).toBe(401);
      expect(((await none.json()) as { error: { type: string } }).error.type).toBe("invalid_request_error");
      const basic = await fetch(`${fake.url}/v1/customers`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from("sk_test_abc:").toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: "name=Basic",
      });
      expect(basic.status).toBe(200);
      const missing = await fetch(`${fake.url}/v1/billing/meters`, {
        method: "POST",
        headers: { authorization: "Bearer sk_test_abc", "content-type": "application/x-www-form-urlencoded" },
        body: "display_name=x&event_name=y",
      });
      expect(missing.status).toBe(400);
      expect(await missing.json()).toEqual({
        error: {
          type: "invalid_request_error",
          message: "Missing required param: default_aggregation[formula].",
          param: "default_aggregation[formula]",
          code: "parameter_missing",
        },
      });
    } finally {
      await fake.close();
    }
  });

  it("signs webhook payloads with Stripe's scheme", () => {
    const header = stripeSignatureHeader('{"id":"evt_1"}', "whsec_x", 1700000000);
    const expected = crypto.createHmac("sha256", "whsec_x").update('1700000000.{"id":"evt_1"}').digest("hex");
    expect(header).toBe(`t=1700000000,v1=${expected}`);
  });
});
