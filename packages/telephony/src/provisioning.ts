// A number's lifecycle: buy/import → provision (resumable state machine) →
// reassign → release. The PhoneNumber row is the state: provisioningStep is the
// last completed step, so the next run continues where a crash stopped it, and
// each step finds what an interrupted run already created before creating.
import crypto from "node:crypto";
import {
  decryptSecret,
  encryptSecret,
  forTenant,
  type NumberProvider,
  type PhoneNumberModel as PhoneNumber,
  Prisma,
  platformDb,
} from "@articulate/db";
import { enqueueTenantEvent, numberProvisionedEventData } from "@articulate/webhooks";
import { z } from "zod";
import { requireLiveKit, resolveConfig, type TelephonyConfig, type TelephonyDeps } from "./config";
import {
  InvalidStateError,
  InvalidTelephonyInputError,
  NotFoundError,
  NumberAlreadyHeldError,
  TelephonyError,
} from "./errors";
import { ensureDispatchRule, ensureInboundTrunk } from "./inbound-routing";
import { isNotFound, type LiveKitClients, liveKitClients, liveKitFailure, parseOwnership } from "./livekit";
import { formatPhoneNumber, parsePhoneNumber } from "./phone-numbers";
import { numberProvider } from "./providers";
import type { ByoCarrierSetup } from "./providers/byo";
import { attachLiveKitNumberToRule } from "./providers/livekit-numbers";
import { type RegulatoryDetails, regulatoryDetailsSchema } from "./regulatory";
import { inboundSipEndpoint, signallingOptions } from "./sip-endpoint";
import { secureMediaUnavailableReason } from "./trunk-media";

export type ProvisioningStep =
  | "carrier_purchased"
  | "carrier_routed"
  | "trunk_created"
  | "rule_created"
  | "number_routed";
export type ReleaseStep = "rule_deleted" | "trunk_deleted" | "carrier_released";

export const PROVISIONED = "active";
export const RELEASED_STEP = "released";

export interface LifecycleDeps extends TelephonyDeps {
  /** Runs after each step is completed and recorded. Tests throw here to simulate a crash. */
  onStepCompleted?: (step: ProvisioningStep | ReleaseStep) => void | Promise<void>;
}

export function provisioningPlan(provider: NumberProvider): ProvisioningStep[] {
  switch (provider) {
    case "TELNYX":
    case "TWILIO":
      return ["carrier_purchased", "carrier_routed", "trunk_created", "rule_created"];
    case "LIVEKIT":
      return ["carrier_purchased", "rule_created", "number_routed"];
    case "BYO":
      return ["trunk_created", "rule_created"];
  }
}

function asTelephonyError(e: unknown): TelephonyError | undefined {
  if (e instanceof TelephonyError) return e;
  if (e && typeof e === "object" && "code" in e && "status" in e) return liveKitFailure(e);
  return undefined;
}

async function loadNumber(tenantId: string, phoneNumberId: string): Promise<PhoneNumber> {
  const row = await forTenant(tenantId).phoneNumber.findFirst({ where: { id: phoneNumberId } });
  if (!row) throw new NotFoundError("phone number", phoneNumberId);
  return row;
}

/**
 * Brings a PhoneNumber to ACTIVE: carrier purchase and routing, LiveKit inbound
 * trunk, dispatch rule. Safe to call again at any point (after a crash, after
 * FAILED, on an ACTIVE number). On failure the row is FAILED with an
 * owner-readable reason and the typed error is rethrown.
 */
export async function provisionInboundNumber(
  phoneNumberId: string,
  deps: LifecycleDeps & { tenantId?: string } = {},
): Promise<PhoneNumber> {
  // Provisioning runs from jobs that only know the number id: resolving its tenant is a platform lookup.
  const tenantId =
    deps.tenantId ??
    (await platformDb().phoneNumber.findUnique({ where: { id: phoneNumberId }, select: { tenantId: true } }))?.tenantId;
  if (!tenantId) throw new NotFoundError("phone number", phoneNumberId);
  const tdb = forTenant(tenantId);
  let row = await loadNumber(tenantId, phoneNumberId);
  if (row.status === "ACTIVE" && row.provisioningStep === PROVISIONED) return row;
  if (row.status === "RELEASING" || row.status === "RELEASED") {
    throw new InvalidStateError("This number has been released. Buy or import it again to use it.");
  }
  const plan = provisioningPlan(row.provider);
  const fail = async (e: unknown): Promise<never> => {
    const typed = asTelephonyError(e);
    // Never demote a row that an overlapping run already finished.
    await tdb.phoneNumber.updateMany({
      where: { id: row.id, status: { not: "ACTIVE" } },
      data: {
        status: "FAILED",
        waitingOn: null,
        failureReason: typed?.message ?? `Unexpected error: ${(e as Error)?.message ?? e}`,
      },
    });
    throw typed ?? e;
  };

  let config: TelephonyConfig;
  let lk: LiveKitClients;
  try {
    config = resolveConfig(deps);
    lk = liveKitClients(requireLiveKit(config));
  } catch (e) {
    return fail(e);
  }
  // Claim the row as read: of two runs started together (a double-clicked retry) one loses here.
  const claimed = await tdb.phoneNumber.updateMany({
    where: { id: row.id, updatedAt: row.updatedAt },
    data: { status: "PROVISIONING", failureReason: null },
  });
  if (claimed.count === 0) throw new InvalidStateError("This number is already being set up. Refresh in a moment.");
  row = await loadNumber(tenantId, row.id);
  const doneIndex = row.provisioningStep ? plan.indexOf(row.provisioningStep as ProvisioningStep) : -1;

  for (const [index, step] of plan.entries()) {
    if (index <= doneIndex) continue;
    try {
      const data: Prisma.PhoneNumberUpdateInput = { provisioningStep: step };
      if (step === "carrier_purchased") {
        const result = await numberProvider(row.provider, { config }).purchaseNumber(row.e164, {
          numberType: row.numberType,
          regulatory: parseRegulatory(row.regulatory),
          reference: row.id,
        });
        if (result.status === "pending_regulatory") {
          // Bought, but the carrier is reviewing the documents: not a failure. Its status event
          // (or reconcile's next look) carries provisioning on from here.
          return await tdb.phoneNumber.update({
            where: { id: row.id },
            data: { providerRef: result.providerRef, waitingOn: waitingOnCarrierMessage(row.provider) },
          });
        }
        data.providerRef = result.providerRef;
        data.waitingOn = null;
      } else if (step === "carrier_routed") {
        if (!row.providerRef) throw new InvalidStateError("The carrier did not return an id for this number.");
        await numberProvider(row.provider, { config }).pointAtLiveKit(row.providerRef, row.e164);
      } else if (step === "trunk_created") {
        data.livekitInboundTrunkId = await ensureInboundTrunk(lk, config, row);
      } else if (step === "rule_created") {
        const trunkId = row.provider === "LIVEKIT" ? null : row.livekitInboundTrunkId;
        data.livekitDispatchRuleId = (await ensureDispatchRule(lk, config, row, trunkId)).ruleId;
      } else if (step === "number_routed") {
        if (!row.providerRef || !row.livekitDispatchRuleId) throw new InvalidStateError("Number or rule id missing.");
        await attachLiveKitNumberToRule(lk.config, row.providerRef, row.livekitDispatchRuleId);
      }
      row = await tdb.phoneNumber.update({ where: { id: row.id }, data });
    } catch (e) {
      return fail(e);
    }
    await deps.onStepCompleted?.(step);
  }
  // ACTIVE and its number.provisioned webhook (outbox) commit together.
  return tdb.$transaction(async (tx) => {
    const active = await tx.phoneNumber.update({
      where: { id: row.id },
      data: { status: "ACTIVE", provisioningStep: PROVISIONED, failureReason: null, waitingOn: null },
    });
    await enqueueTenantEvent(tx, tenantId, "number.provisioned", numberProvisionedEventData(active));
    return active;
  });
}

/** What an owner sees while the carrier reviews the number's regulatory documents. */
export function waitingOnCarrierMessage(provider: NumberProvider): string {
  const name = provider === "TWILIO" ? "Twilio" : provider === "TELNYX" ? "Telnyx" : "the carrier";
  const what = provider === "TWILIO" ? "your regulatory bundle" : "your documents";
  return `Waiting for ${name} to approve ${what}. The number starts taking calls by itself once they do.`;
}

function assertSecureMediaPossible(provider: NumberProvider, config: TelephonyConfig): void {
  const reason = secureMediaUnavailableReason(provider, config);
  if (reason) throw new InvalidTelephonyInputError("requireSecureMedia", reason);
}

/**
 * Switches required SRTP on or off for a number; an active number's inbound
 * trunk is updated at once (its dispatch rule is unaffected).
 */
export async function setSecureMedia(
  tenantId: string,
  phoneNumberId: string,
  requireSecureMedia: boolean,
  deps: TelephonyDeps = {},
): Promise<PhoneNumber> {
  const row = await loadNumber(tenantId, phoneNumberId);
  if (row.status === "RELEASING" || row.status === "RELEASED") {
    throw new InvalidStateError("This number has been released.");
  }
  const config = resolveConfig(deps);
  if (requireSecureMedia) assertSecureMediaPossible(row.provider, config);
  const updated = await forTenant(tenantId).phoneNumber.update({ where: { id: row.id }, data: { requireSecureMedia } });
  if (updated.status !== "ACTIVE" || updated.provider === "LIVEKIT") return updated;
  const lk = liveKitClients(requireLiveKit(config));
  const trunkId = await ensureInboundTrunk(lk, config, updated);
  if (trunkId === updated.livekitInboundTrunkId) return updated;
  return forTenant(tenantId).phoneNumber.update({ where: { id: row.id }, data: { livekitInboundTrunkId: trunkId } });
}

function parseRegulatory(value: unknown): RegulatoryDetails | undefined {
  if (value === null || value === undefined) return undefined;
  const parsed = regulatoryDetailsSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

function zodFailure(error: z.ZodError): InvalidTelephonyInputError {
  const issue = error.issues[0];
  return new InvalidTelephonyInputError(issue?.path.join(".") || "input", issue?.message ?? "is invalid");
}

async function assertAgentInTenant(tenantId: string, agentId: string | null | undefined): Promise<void> {
  if (!agentId) return;
  const agent = await forTenant(tenantId).agent.findFirst({
    where: { id: agentId, archivedAt: null },
    select: { id: true },
  });
  if (!agent) throw new NotFoundError("agent", agentId);
}

async function createNumberRow(data: Prisma.PhoneNumberUncheckedCreateInput, display: string): Promise<PhoneNumber> {
  try {
    return await forTenant(data.tenantId).phoneNumber.create({ data });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
      throw new NumberAlreadyHeldError(display);
    throw e;
  }
}

const buyNumberSchema = z.object({
  tenantId: z.string().min(1),
  provider: z.enum(["TELNYX", "TWILIO", "LIVEKIT"]),
  phoneNumber: z.string().min(3).max(32),
  agentId: z.string().min(1).nullish(),
  label: z.string().trim().max(100).nullish(),
  regulatory: regulatoryDetailsSchema.optional(),
  monthlyCostMinor: z.number().int().min(0).optional(),
  /** Require SRTP on this number's calls (only where the carrier supports it). */
  requireSecureMedia: z.boolean().optional(),
});
export type BuyNumberInput = z.input<typeof buyNumberSchema>;

/** Records the number for the tenant and provisions it (purchase included). */
export async function buyNumber(input: BuyNumberInput, deps: LifecycleDeps = {}): Promise<PhoneNumber> {
  const parsed = buyNumberSchema.safeParse(input);
  if (!parsed.success) throw zodFailure(parsed.error);
  const i = parsed.data;
  const number = parsePhoneNumber(i.phoneNumber, {
    field: "phoneNumber",
    defaultCountry: i.provider === "LIVEKIT" ? "US" : "AU",
  });
  if (!number.numberType)
    throw new InvalidTelephonyInputError("phoneNumber", "is not a local, mobile or toll-free number");
  await assertAgentInTenant(i.tenantId, i.agentId);
  if (i.requireSecureMedia) assertSecureMediaPossible(i.provider, resolveConfig(deps));
  const row = await createNumberRow(
    {
      tenantId: i.tenantId,
      e164: number.e164,
      e164Active: number.e164,
      country: number.country ?? "AU",
      numberType: number.numberType,
      provider: i.provider,
      requireSecureMedia: i.requireSecureMedia ?? false,
      status: "PROVISIONING",
      agentId: i.agentId ?? null,
      label: i.label ?? null,
      regulatory: i.regulatory ?? Prisma.JsonNull,
      monthlyCostMinor: i.monthlyCostMinor ?? 0,
    },
    formatPhoneNumber(number.e164),
  );
  return provisionInboundNumber(row.id, { ...deps, tenantId: i.tenantId });
}

const ipOrCidr = z
  .string()
  .trim()
  .regex(/^(\d{1,3}\.){3}\d{1,3}(\/([0-9]|[12][0-9]|3[0-2]))?$/, "must be an IPv4 address or CIDR range");

const importByoSchema = z.object({
  tenantId: z.string().min(1),
  phoneNumber: z.string().min(3).max(32),
  agentId: z.string().min(1).nullish(),
  label: z.string().trim().max(100).nullish(),
  auth: z
    .object({
      username: z.string().regex(/^[A-Za-z0-9._-]{4,64}$/, "4–64 letters, digits, dot, dash or underscore"),
      password: z.string().min(12, "at least 12 characters").max(128),
    })
    .optional(),
  allowedAddresses: z.array(ipOrCidr).max(20).optional(),
  sipConnectionId: z.string().min(1).nullish(),
  /** Require SRTP on this number's calls (the tenant's carrier must use TLS + SRTP). */
  requireSecureMedia: z.boolean().optional(),
});
export type ImportByoNumberInput = z.input<typeof importByoSchema>;

/**
 * A number the tenant already has at a carrier without an API. LiveKit accepts
 * its calls by digest credentials (generated when none are given) and/or the
 * carrier's addresses; the result says what to configure at the carrier.
 */
export async function importByoNumber(
  input: ImportByoNumberInput,
  deps: LifecycleDeps = {},
): Promise<{ phoneNumber: PhoneNumber; carrierSetup: ByoCarrierSetup }> {
  const parsed = importByoSchema.safeParse(input);
  if (!parsed.success) throw zodFailure(parsed.error);
  const i = parsed.data;
  const number = parsePhoneNumber(i.phoneNumber, { field: "phoneNumber" });
  await assertAgentInTenant(i.tenantId, i.agentId);
  if (i.sipConnectionId) {
    const conn = await forTenant(i.tenantId).sipConnection.findFirst({
      where: { id: i.sipConnectionId },
      select: { id: true },
    });
    if (!conn) throw new NotFoundError("SIP connection", i.sipConnectionId);
  }
  const addresses = i.allowedAddresses ?? [];
  const auth =
    i.auth ??
    (addresses.length === 0
      ? {
          username: `art${crypto.randomBytes(5).toString("hex")}`,
          password: crypto.randomBytes(18).toString("base64url"),
        }
      : undefined);
  const row = await createNumberRow(
    {
      tenantId: i.tenantId,
      e164: number.e164,
      e164Active: number.e164,
      country: number.country ?? "AU",
      numberType: number.numberType ?? "LOCAL",
      provider: "BYO",
      status: "PROVISIONING",
      agentId: i.agentId ?? null,
      label: i.label ?? null,
      sipConnectionId: i.sipConnectionId ?? null,
      sipAuthUsername: auth?.username ?? null,
      sipAuthPasswordEnc: auth ? encryptSecret(auth.password) : null,
      allowedAddresses: addresses,
      requireSecureMedia: i.requireSecureMedia ?? false,
    },
    formatPhoneNumber(number.e164),
  );
  const phoneNumber = await provisionInboundNumber(row.id, { ...deps, tenantId: i.tenantId });
  return { phoneNumber, carrierSetup: await byoCarrierSetup(i.tenantId, phoneNumber.id, deps) };
}

/** What a BYO tenant enters at their carrier: SIP URI plus credentials or our allowed addresses. */
export async function byoCarrierSetup(
  tenantId: string,
  phoneNumberId: string,
  deps: TelephonyDeps = {},
): Promise<ByoCarrierSetup> {
  const row = await loadNumber(tenantId, phoneNumberId);
  const config = resolveConfig(deps);
  const endpoint = inboundSipEndpoint(config);
  const options = signallingOptions(endpoint);
  const tcp = options.find((o) => o.transport === "tcp")!;
  const secureMedia = row.requireSecureMedia ? "required" : "allowed";
  const carrierSettings = [
    "Send keypad presses as RFC 2833 / RFC 4733 telephone-events (not SIP INFO): SIP INFO digits are lost.",
    "Codecs: G.722 first for HD voice if your carrier offers it, then G.711 (PCMA/PCMU). No other codec is needed.",
    "Number format: send the called number in E.164 (+61…).",
    secureMedia === "required"
      ? "Encryption is required on this number: use the TLS destination and SRTP (SDES) for media. Unencrypted calls are refused."
      : "Encryption is optional: with the TLS destination, also switch on SRTP (SDES) for media.",
  ];
  if (!options.some((o) => o.transport === "tls")) {
    carrierSettings.push("This installation does not offer TLS yet: use TCP (or UDP).");
  }
  return {
    sipUri: tcp.uri,
    sipEndpoint: endpoint.port === 5060 ? endpoint.host : `${endpoint.host}:${endpoint.port}`,
    transport: "tcp",
    options,
    region: endpoint.region,
    secureMedia,
    number: row.e164,
    username: row.sipAuthUsername ?? undefined,
    password: row.sipAuthPasswordEnc ? decryptSecret(row.sipAuthPasswordEnc) : undefined,
    allowedAddresses: row.allowedAddresses,
    carrierSettings,
  };
}

/**
 * Removes the number: dispatch rule, then inbound trunk, then the carrier
 * number, then marks the row RELEASED (e164Active cleared so it can be bought
 * again). Each step tolerates "already gone", so a failed release is retried
 * by calling this again.
 */
export async function releaseNumber(
  tenantId: string,
  phoneNumberId: string,
  deps: LifecycleDeps = {},
): Promise<PhoneNumber> {
  const tdb = forTenant(tenantId);
  let row = await loadNumber(tenantId, phoneNumberId);
  if (row.status === "RELEASED") return row;
  const config = resolveConfig(deps);
  const hasLiveKitObjects = Boolean(row.livekitDispatchRuleId || row.livekitInboundTrunkId);
  const lk = hasLiveKitObjects || config.livekit ? liveKitClients(requireLiveKit(config)) : undefined;
  row = await tdb.phoneNumber.update({ where: { id: row.id }, data: { status: "RELEASING", failureReason: null } });
  const run = async (step: ReleaseStep, work: () => Promise<void>) => {
    try {
      await work();
      await tdb.phoneNumber.update({ where: { id: row.id }, data: { provisioningStep: step } });
    } catch (e) {
      const typed = asTelephonyError(e);
      await tdb.phoneNumber.update({
        where: { id: row.id },
        data: { failureReason: typed?.message ?? `Unexpected error: ${(e as Error)?.message ?? e}` },
      });
      throw typed ?? e;
    }
    await deps.onStepCompleted?.(step);
  };
  await run("rule_deleted", async () => {
    if (!lk) return;
    const ids = new Set<string>(row.livekitDispatchRuleId ? [row.livekitDispatchRuleId] : []);
    for (const r of await lk.sip.listSipDispatchRule()) {
      if (parseOwnership(r.metadata, config.deployment)?.phoneNumberId === row.id) ids.add(r.sipDispatchRuleId);
    }
    for (const id of ids) {
      try {
        await lk.sip.deleteSipDispatchRule(id);
      } catch (e) {
        if (!isNotFound(e)) throw liveKitFailure(e);
      }
    }
  });
  await run("trunk_deleted", async () => {
    if (!lk) return;
    const ids = new Set<string>(row.livekitInboundTrunkId ? [row.livekitInboundTrunkId] : []);
    for (const t of await lk.sip.listSipInboundTrunk({ numbers: [row.e164] })) {
      if (parseOwnership(t.metadata, config.deployment)?.phoneNumberId === row.id) ids.add(t.sipTrunkId);
    }
    for (const id of ids) {
      try {
        await lk.sip.deleteSipTrunk(id);
      } catch (e) {
        throw liveKitFailure(e);
      }
    }
  });
  await run("carrier_released", async () => {
    if (row.provider === "BYO" || !row.providerRef) return;
    await numberProvider(row.provider, { config }).releaseNumber(row.providerRef);
  });
  return tdb.phoneNumber.update({
    where: { id: row.id },
    data: {
      status: "RELEASED",
      provisioningStep: RELEASED_STEP,
      e164Active: null,
      releasedAt: new Date(),
      livekitDispatchRuleId: null,
      livekitInboundTrunkId: null,
      failureReason: null,
    },
  });
}

/**
 * Points the number at another agent (or none). An active number's dispatch
 * rule is updated in place: same rule id, new job metadata.
 */
export async function assignNumberToAgent(
  tenantId: string,
  phoneNumberId: string,
  agentId: string | null,
  deps: TelephonyDeps = {},
): Promise<PhoneNumber> {
  const tdb = forTenant(tenantId);
  const row = await loadNumber(tenantId, phoneNumberId);
  if (row.status === "RELEASING" || row.status === "RELEASED") {
    throw new InvalidStateError("This number has been released; it cannot be assigned.");
  }
  await assertAgentInTenant(tenantId, agentId);
  const updated = await tdb.phoneNumber.update({ where: { id: row.id }, data: { agentId } });
  if (updated.status !== "ACTIVE") return updated; // provisioning writes the rule with the new agent
  const config = resolveConfig(deps);
  const lk = liveKitClients(requireLiveKit(config));
  const trunkId = updated.provider === "LIVEKIT" ? null : updated.livekitInboundTrunkId;
  const { ruleId } = await ensureDispatchRule(lk, config, updated, trunkId);
  if (ruleId === updated.livekitDispatchRuleId) return updated;
  return tdb.phoneNumber.update({ where: { id: row.id }, data: { livekitDispatchRuleId: ruleId } });
}
