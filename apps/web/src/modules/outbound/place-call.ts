// Placing an outbound call for a tenant: the one domain function behind both the
// public API (POST /api/v1/calls) and the dashboard's "Call this number".
// Order matters: checks first (agent, number, status, calling hours), then the
// Call row under a per-tenant advisory lock that makes the concurrency cap exact,
// then LiveKit. A refused call leaves nothing behind; a failed dial leaves a
// finalized Call row saying why.
import crypto from "node:crypto";
import { finalizeCall } from "@articulate/calls";
import { type CallModel, forTenant, type TenantModel, writeAudit } from "@articulate/db";
import {
  InvalidStateError,
  OutboundCallFailedError,
  placeOutboundCall,
  TelephonyError,
  TelephonyNotConfiguredError,
} from "@articulate/telephony";
import { callStartedEventData, enqueueTenantEvent } from "@articulate/webhooks";
import type { z } from "zod";
import type { outboundCallRequestSchema } from "@/modules/public-api/schemas";
import { callingWindowAt } from "./calling-hours";

export type OutboundCallRequest = z.output<typeof outboundCallRequestSchema>;

export type OutboundRefusal =
  | "not_found"
  | "tenant_suspended"
  | "number_not_active"
  | "outside_calling_hours"
  | "concurrency_limit_reached"
  | "outbound_not_configured"
  | "call_failed";

export class OutboundCallRefusedError extends Error {
  constructor(
    readonly reason: OutboundRefusal,
    message: string,
    readonly field?: "agentId" | "fromNumberId" | "to",
    readonly sip?: { statusCode?: number; status?: string; outcome: string },
  ) {
    super(message);
    this.name = "OutboundCallRefusedError";
  }
}

/** Calls started longer ago than this no longer count toward the cap (a lost call must not block a tenant forever). */
const STALE_CALL_MS = 4 * 60 * 60 * 1000;

const END_REASON = {
  busy: "BUSY",
  declined: "DECLINED",
  no_answer: "NO_ANSWER",
  not_found: "ERROR",
  unavailable: "ERROR",
  failed: "ERROR",
} as const;

export async function placeTenantOutboundCall(
  tenant: Pick<TenantModel, "id" | "status" | "concurrencyCap">,
  request: OutboundCallRequest,
  actor: { actorType: "user" | "api_key"; actorId: string },
  now: Date = new Date(),
): Promise<CallModel> {
  const tdb = forTenant(tenant.id);
  if (tenant.status === "SUSPENDED") {
    throw new OutboundCallRefusedError(
      "tenant_suspended",
      "This business is suspended; outbound calls are disabled until billing is fixed",
    );
  }
  const agent = await tdb.agent.findFirst({ where: { id: request.agentId, archivedAt: null } });
  if (!agent) throw new OutboundCallRefusedError("not_found", "Agent not found", "agentId");
  const number = await tdb.phoneNumber.findFirst({ where: { id: request.fromNumberId } });
  if (!number || number.status === "RELEASED")
    throw new OutboundCallRefusedError("not_found", "Phone number not found", "fromNumberId");
  if (number.status !== "ACTIVE") {
    throw new OutboundCallRefusedError(
      "number_not_active",
      `${number.e164} is ${number.status.toLowerCase()}, not active`,
      "fromNumberId",
    );
  }
  const window = callingWindowAt(agent, now);
  if (!window.open) throw new OutboundCallRefusedError("outside_calling_hours", `Not calling now: ${window.reason}`);

  const roomName = `call-out-${crypto.randomUUID()}`;
  const call = await tdb.$transaction(async (tx) => {
    // Serialises outbound placements per tenant so two requests cannot both take the last slot.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`calls:${tenant.id}`}, 0))`;
    const active = await tx.call.count({
      where: { status: { in: ["RINGING", "IN_PROGRESS"] }, startedAt: { gt: new Date(now.getTime() - STALE_CALL_MS) } },
    });
    if (active >= tenant.concurrencyCap) {
      throw new OutboundCallRefusedError(
        "concurrency_limit_reached",
        `${active} call(s) are already in progress; this business allows ${tenant.concurrencyCap} at once`,
      );
    }
    const created = await tx.call.create({
      data: {
        tenantId: tenant.id,
        direction: "OUTBOUND",
        fromNumber: number.e164,
        toNumber: request.to,
        roomName,
        agentId: agent.id,
        phoneNumberId: number.id,
        status: "RINGING",
        startedAt: now,
      },
    });
    await enqueueTenantEvent(tx, tenant.id, "call.started", callStartedEventData(created));
    await writeAudit(tx, {
      tenantId: tenant.id,
      ...actor,
      action: "call.outbound_placed",
      targetType: "Call",
      targetId: created.id,
      data: { to: request.to, from: number.e164, agentId: agent.id },
    });
    return created;
  });

  try {
    await placeOutboundCall({
      tenantId: tenant.id,
      agentId: agent.id,
      fromPhoneNumberId: number.id,
      to: request.to,
      callId: call.id,
      roomName,
      dtmf: request.dtmf,
    });
  } catch (err) {
    const endReason = err instanceof OutboundCallFailedError ? END_REASON[err.outcome] : "ERROR";
    await finalizeCall({ callId: call.id, tenantId: tenant.id, endReason, finalizedBy: "WORKER" });
    if (err instanceof OutboundCallFailedError) {
      throw new OutboundCallRefusedError("call_failed", err.message, "to", {
        statusCode: err.sipStatusCode,
        status: err.sipStatus,
        outcome: err.outcome,
      });
    }
    if (err instanceof TelephonyNotConfiguredError || err instanceof InvalidStateError) {
      throw new OutboundCallRefusedError("outbound_not_configured", err.message, "fromNumberId");
    }
    // Any other telephony failure (LiveKit unreachable, trunk refused) is a failed call with an owner-readable reason.
    if (err instanceof TelephonyError) throw new OutboundCallRefusedError("call_failed", err.message);
    throw err;
  }
  return (await tdb.call.findFirst({ where: { id: call.id } })) ?? call;
}
