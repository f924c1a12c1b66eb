import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelnyxFake, startTwilioFake, type TelnyxFake, type TwilioFake } from "../src/carriers";

let telnyx: TelnyxFake;
let twilio: TwilioFake;
beforeAll(async () => {
  [telnyx, twilio] = await Promise.all([startTelnyxFake(), startTwilioFake()]);
});
afterAll(async () => {
  await Promise.all([telnyx.close(), twilio.close()]);
});

describe("Telnyx fake", () => {
  it("checks the bearer key", async () => {
    const res = await fetch(`${telnyx.url}/v2/available_phone_numbers?filter[country_code]=AU`, {
      headers: { authorization: "Bearer nope" },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ errors: [{ code: "10009" }] });
  });
  it("lists AU inventory and keeps AU orders pending until documents are approved", async () => {
    const auth = { authorization: `Bearer ${telnyx.credentials.apiKey}`, "content-type": "application/json" };
    type Json = { data: { id: string; status: string; requirements_met: boolean } & Array<{ phone_number: string }> };
    const list: Json = (await (
      await fetch(
        `${telnyx.url}/v2/available_phone_numbers?filter[country_code]=AU&filter[phone_number_type]=toll_free`,
        { headers: auth },
      )
    ).json()) as Json;
    expect(list.data.map((n: { phone_number: string }) => n.phone_number)).toEqual(["+611800555012"]);
    const order: Json = (await (
      await fetch(`${telnyx.url}/v2/number_orders`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ phone_numbers: [{ phone_number: "+611800555012" }] }),
      })
    ).json()) as Json;
    expect(order.data).toMatchObject({ status: "pending", requirements_met: false });
    telnyx.approveRequirements("+611800555012");
    const after: Json = (await (
      await fetch(`${telnyx.url}/v2/number_orders/${order.data.id}`, { headers: auth })
    ).json()) as Json;
    expect(after.data.status).toBe("success");
  });
});

describe("Twilio fake", () => {
  it("checks Basic auth and the account in the path", async () => {
    const res = await fetch(
      `${twilio.url}/2010-04-01/Accounts/${twilio.credentials.accountSid}/IncomingPhoneNumbers.json`,
      {
        headers: { authorization: `Basic ${Buffer.from(`${twilio.credentials.accountSid}:wrong`).toString("base64")}` },
      },
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 20003 });
    const other = await fetch(`${twilio.url}/2010-04-01/Accounts/ACother/IncomingPhoneNumbers.json`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${twilio.credentials.accountSid}:${twilio.credentials.authToken}`).toString("base64")}`,
      },
    });
    expect(other.status).toBe(404);
  });
  it("refuses AU local numbers without an address (21631)", async () => {
    const res = await fetch(
      `${twilio.url}/2010-04-01/Accounts/${twilio.credentials.accountSid}/IncomingPhoneNumbers.json`,
      {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${twilio.credentials.accountSid}:${twilio.credentials.authToken}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams({ PhoneNumber: "+61285550100" }).toString(),
      },
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 21631 });
  });
});

describe("messaging accounts (a business's own Twilio / Telnyx account)", () => {
  const form = (p: Record<string, string>) => new URLSearchParams(p).toString();
  const basic = (sid: string, token: string) => `Basic ${Buffer.from(`${sid}:${token}`).toString("base64")}`;
  it("Twilio: an added account authenticates with its own token, reaches only its own path and senders", async () => {
    const own = twilio.addAccount({ smsSenders: ["+61485550321"] });
    const send = (sid: string, token: string, from: string) =>
      fetch(`${twilio.url}/2010-04-01/Accounts/${sid}/Messages.json`, {
        method: "POST",
        headers: { authorization: basic(own.accountSid, token), "content-type": "application/x-www-form-urlencoded" },
        body: form({ To: "+61412000999", From: from, Body: "hi" }),
      });
    expect((await send(own.accountSid, "0".repeat(32), "+61485550321")).status).toBe(401);
    expect((await send(twilio.credentials.accountSid, own.authToken, "+61485550321")).status).toBe(404);
    const wrongSender = await send(own.accountSid, own.authToken, "+61485550199");
    expect(wrongSender.status).toBe(400);
    expect(await wrongSender.json()).toMatchObject({ code: 21606 });
    const ok = await send(own.accountSid, own.authToken, "+61485550321");
    expect(ok.status).toBe(201);
    const sid = ((await ok.json()) as { sid: string }).sid;
    expect(twilio.state.messages.find((m) => m.id === sid)).toMatchObject({ account: own.accountSid });
  });
  it("Telnyx: an added account's key sends only from its own senders and reaches nothing else", async () => {
    const own = telnyx.addAccount({ smsSenders: ["+61485550654"] });
    const headers = { authorization: `Bearer ${own.apiKey}`, "content-type": "application/json" };
    const send = (from: string) =>
      fetch(`${telnyx.url}/v2/messages`, {
        method: "POST",
        headers,
        body: JSON.stringify({ from, to: "+61412000998", text: "hi" }),
      });
    expect((await send("+61485550199")).status).toBe(422);
    const ok = await send("+61485550654");
    expect(ok.status).toBe(200);
    const id = ((await ok.json()) as { data: { id: string } }).data.id;
    expect(telnyx.state.messages.find((m) => m.id === id)).toMatchObject({ account: own.accountId });
    const other = await fetch(`${telnyx.url}/v2/available_phone_numbers?filter[country_code]=AU`, { headers });
    expect(other.status).toBe(404);
  });
});
