// Test fixtures: a fresh tenant with an agent, and the fakes wired into TelephonyDeps.
import crypto from "node:crypto";
import { forTenant, platformDb } from "@articulate/db";
import { startTelnyxFake, startTwilioFake, type TelnyxFake, type TwilioFake } from "@articulate/testing/carriers";
import { type LiveKitFake, startLiveKitFake } from "@articulate/testing/livekit";
import type { TelephonyConfig } from "../src";

export async function createTenantWithAgent(name = "Acme Dental") {
  const slug = `t-${crypto.randomBytes(6).toString("hex")}`;
  const tenant = await platformDb().tenant.create({ data: { slug, name } });
  const agent = await forTenant(tenant.id).agent.create({
    data: { tenantId: tenant.id, name: "Front desk", greeting: "Hello", instructions: "Be helpful." },
  });
  return { tenantId: tenant.id, agentId: agent.id };
}

export async function createAgent(tenantId: string, name: string) {
  return forTenant(tenantId).agent.create({ data: { tenantId, name, greeting: "Hi", instructions: "Help." } });
}

export interface Fakes {
  livekit: LiveKitFake;
  telnyx: TelnyxFake;
  twilio: TwilioFake;
  config: Partial<TelephonyConfig>;
  close(): Promise<void>;
}

export async function startFakes(opts: { deployment?: string } = {}): Promise<Fakes> {
  const [livekit, telnyx, twilio] = await Promise.all([startLiveKitFake(), startTelnyxFake(), startTwilioFake()]);
  const config: Partial<TelephonyConfig> = {
    deployment: opts.deployment ?? `test-${crypto.randomBytes(4).toString("hex")}`,
    krisp: true,
    livekit: {
      url: livekit.url,
      apiKey: livekit.apiKey,
      apiSecret: livekit.apiSecret,
      sipEndpoint: "proj123.sip.livekit.cloud",
    },
    telnyx: {
      apiKey: telnyx.credentials.apiKey,
      apiBase: telnyx.url,
      connectionId: telnyx.credentials.connectionId,
      publicKey: telnyx.credentials.publicKey,
    },
    twilio: {
      accountSid: twilio.credentials.accountSid,
      authToken: twilio.credentials.authToken,
      apiBase: twilio.credentials.apiBase,
      trunkingBase: twilio.credentials.trunkingBase,
      trunkSid: twilio.credentials.trunkSid,
    },
  };
  return {
    livekit,
    telnyx,
    twilio,
    config,
    close: async () => {
      await Promise.all([livekit.close(), telnyx.close(), twilio.close()]);
    },
  };
}

export const AU_ADDRESS = {
  businessName: "Acme Dental Pty Ltd",
  street: "1 George Street",
  city: "Sydney",
  region: "NSW",
  postalCode: "2000",
  country: "AU" as const,
};
