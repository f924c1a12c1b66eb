// Placing an outbound call for a tenant: the one domain function behind the
// public API (POST /api/v1/calls) and the dashboard's "Call this number".
// Order: the agent and number must exist and be usable; then, under the
// tenant's "calls" lock, admission (suspended, hard cap, concurrency cap,
// calling hours) and the Call row through startCall in the same transaction,
// so two requests cannot both take the last slot; then LiveKit. A refused call
// leaves nothing behind; a failed dial leaves a Call finalized by PLACEMENT
// saying why (busy, declined, no answer, error).
import crypto from "node:crypto";
import { DomainError } from "@articulate/core";
import { type CallModel, forTenant, lockTenantScope, writeAudit } from "@articulate/db";
import {
  InvalidStateError,
  OutboundCallFailedError,
  placeOutboundCall,
  TelephonyError,
  TelephonyNotConfiguredError,
} from "@articulate/telephony";
import { type AdmissionRefusalCode, type AdmissionTenant, admitCall, CallRefusedError } from "./admission";
import { finalizeCall, startCall } from "./lifecycle";

export interface OutboundCallRequest {
  agentId: string;
  fromNumberId: string;
  /** E.164, validated at the boundary. */
  to: string;
  /** Keys played once the callee answers ("w" = half-second pause), validated at the boundary. */
  dtmf?: string;
}

export type OutboundActor = { actorType: "user" | "api_key"; actorId: string };

/** Why a placement stopped before or at the dial (admission refusals are CallRefusedError). */
export type PlacementFailureCode = "not_found" | "number_not_active" | "outbound_not_configured" | "call_failed";

export class OutboundPlacementError extends DomainError {
  constructor(
    override readonly code: PlacementFailureCode,
    message: string,
    readonly field?: "agentId" | "fromNumberId" | "to",
    readonly sip?: { statusCode?: number; status?: string; outcome: string },
  ) {
    super(code, message, { ...(field ? { field } : {}), ...(sip ? { sip } : {}) });
  }
}

export type OutboundRefusalCode = AdmissionRefusalCode | PlacementFailureCode;

/**
 * The one refusal → HTTP mapping (dashboard actions and the public API both
 * read it): status, and the code API clients see. Admission's "outside_hours"
 * is the API's long-standing "outside_calling_hours".
 */
export const OUTBOUND_REFUSAL_HTTP = {
  not_found: { status: 404, code: "not_found" },
  // Inbound only (the block list never stops an outbound call); listed so the mapping stays total.
  caller_blocked: { status: 403, code: "caller_blocked" },
  tenant_suspended: { status: 403, code: "tenant_suspended" },
  hard_cap_reached: { status: 409, code: "hard_cap_reached" },
  concurrency_limit_reached: { status: 409, code: "concurrency_limit_reached" },
  outside_hours: { status: 409, code: "outside_calling_hours" },
  number_not_active: { status: 409, code: "number_not_active" },
  outbound_not_configured: { status: 409, code: "outbound_not_configured" },
  // The carrier or LiveKit failed the dial: an upstream failure, not a conflict in our state.
  call_failed: { status: 502, code: "call_failed" },
} as const satisfies Record<OutboundRefusalCode, { status: number; code: string }>;
export type OutboundRefusalHttp = (typeof OUTBOUND_REFUSAL_HTTP)[OutboundRefusalCode];

const END_REASON = {
  busy: "BUSY",
  declined: "DECLINED",
  no_answer: "NO_ANSWER",
  not_found: "ERROR",
  unavailable: "ERROR",
  failed: "ERROR",
} as const;

export async function placeTenantOutboundCall(
  tenant: AdmissionTenant,
  request: OutboundCallRequest,
  actor: OutboundActor,
  now: Date = new Date(),
): Promise<CallModel> {
  const tdb = forTenant(tenant.id);
  // Suspension first, before any lookup, like every admission.
  if (tenant.status === "SUSPENDED") throw new CallRefusedError({ code: "tenant_suspended" });
  const agent = await tdb.agent.findFirst({ where: { id: request.agentId, archivedAt: null } });
  if (!agent) throw new OutboundPlacementError("not_found", "Agent not found", "agentId");
  const number = await tdb.phoneNumber.findFirst({ where: { id: request.fromNumberId } });
  if (!number || number.status === "RELEASED")
    throw new OutboundPlacementError("not_found", "Phone number not found", "fromNumberId");
  if (number.status !== "ACTIVE") {
    throw new OutboundPlacementError(
      "number_not_active",
      `${number.e164} is ${number.status.toLowerCase()}, not active`,
      "fromNumberId",
    );
  }

  const roomName = `call-out-${crypto.randomUUID()}`;
  const call = await tdb.$transaction(async (tx) => {
    await lockTenantScope(tx, tenant.id, "calls");
    const decision = await admitCall({ direction: "OUTBOUND", tenant, agent, now, client: tx });
    if (!decision.admitted) throw new CallRefusedError(decision.refusal, undefined, agent);
    const created = await startCall(
      {
        tenantId: tenant.id,
        direction: "OUTBOUND",
        fromNumber: number.e164,
        toNumber: request.to,
        roomName,
        agentId: agent.id,
        phoneNumberId: number.id,
        startedAt: now,
      },
      { tx },
    );
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
    await finalizeCall({ callId: call.id, tenantId: tenant.id, endReason, finalizedBy: "PLACEMENT" });
    if (err instanceof OutboundCallFailedError) {
      throw new OutboundPlacementError("call_failed", err.message, "to", {
        statusCode: err.sipStatusCode,
        status: err.sipStatus,
        outcome: err.outcome,
      });
    }
    if (err instanceof TelephonyNotConfiguredError || err instanceof InvalidStateError) {
      throw new OutboundPlacementError("outbound_not_configured", err.message, "fromNumberId");
    }
    // Any other telephony failure (LiveKit unreachable, trunk refused) is a failed call with an owner-readable reason.
    if (err instanceof TelephonyError) throw new OutboundPlacementError("call_failed", err.message);
    throw err;
  }
  return (await tdb.call.findFirst({ where: { id: call.id } })) ?? call;
}

/** Status and API code for a refused or failed placement; null for anything else (a bug: 500). */
export function outboundRefusalHttp(err: unknown): OutboundRefusalHttp | null {
  if (err instanceof CallRefusedError) return OUTBOUND_REFUSAL_HTTP[err.refusal.code];
  if (err instanceof OutboundPlacementError) return OUTBOUND_REFUSAL_HTTP[err.code];
  return null;
}
