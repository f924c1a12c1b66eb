// Whether a call may go ahead: one decision for inbound and outbound calls,
// always in this order: a caller on the tenant's block list (inbound; refused
// before anything is said, never answered), suspended tenant, hard usage cap (minutes from billing's
// ledger for billing's own period), concurrency cap, then business hours
// (inbound) or calling hours (outbound, falling back to business hours).
// The decision is pure (decideAdmission); admitCall gathers the facts.
// Inbound calls are still answered when refused: the worker turns the refusal
// into what the caller hears. Outbound calls are simply not placed.
import { periodMinutesUsed } from "@articulate/billing";
import { DomainError } from "@articulate/core";
import {
  type BlockKind,
  type CallDirection,
  forTenant,
  type OverCapBehaviour,
  type Prisma,
  type TenantStatus,
} from "@articulate/db";
import { findBlockRule } from "./block-list";
import { type OpenState, openState, weeklyScheduleSchema } from "./business-hours";

export interface AdmissionTenant {
  id: string;
  status: TenantStatus;
  hardCapMinutes: number | null;
  overCapBehaviour: OverCapBehaviour;
  concurrencyCap: number;
}

export interface AdmissionAgent {
  businessHours: unknown;
  /** Outbound only; null means "same as business hours". */
  callingHours?: unknown;
  timezone: string;
  holidayRegion: string | null;
}

export type ClosedState = Extract<OpenState, { open: false }> | { open: false; reason: "invalid_schedule" };

export type AdmissionRefusal =
  /** Inbound caller on the tenant's block list: refused unanswered, recorded as "Blocked", never billed. */
  | { code: "caller_blocked"; ruleId: string; kind: BlockKind }
  | { code: "tenant_suspended" }
  | {
      code: "hard_cap_reached";
      minutesUsed: number;
      hardCapMinutes: number;
      /** What an inbound caller gets: a message taken, or a polite refusal. */
      overCapBehaviour: Exclude<OverCapBehaviour, "ALLOW_OVERAGE">;
    }
  | { code: "concurrency_limit_reached"; activeCalls: number; concurrencyCap: number }
  | { code: "outside_hours"; state: ClosedState };

export type AdmissionRefusalCode = AdmissionRefusal["code"];

export type AdmissionDecision = { admitted: true } | { admitted: false; refusal: AdmissionRefusal };

/** Everything the decision reads; minutes and active calls are only consulted when earlier rules pass. */
export interface AdmissionFacts {
  direction: CallDirection;
  tenant: AdmissionTenant;
  agent: AdmissionAgent;
  now: Date;
  /** Billable minutes in the current billing period (null when the tenant has no hard cap). */
  minutesUsed: () => number | null;
  /** Calls of the tenant in progress or ringing, this one excluded. */
  activeCalls: () => number;
  /** The block-list rule an inbound caller matches (null or omitted: not blocked). */
  blockedBy?: { id: string; kind: BlockKind } | null;
}

/** Open or closed by the agent's hours for this direction; a stored schedule we cannot read counts as closed. */
export function hoursState(direction: CallDirection, agent: AdmissionAgent, at: Date): OpenState | ClosedState {
  const raw = direction === "OUTBOUND" ? (agent.callingHours ?? agent.businessHours) : agent.businessHours;
  let schedule = null;
  if (raw !== null && raw !== undefined) {
    const parsed = weeklyScheduleSchema.safeParse(raw);
    if (!parsed.success) return { open: false, reason: "invalid_schedule" };
    schedule = parsed.data;
  }
  return openState(schedule, at, agent.timezone, agent.holidayRegion);
}

export function decideAdmission(f: AdmissionFacts): AdmissionDecision {
  const { tenant } = f;
  if (f.direction === "INBOUND" && f.blockedBy) {
    return { admitted: false, refusal: { code: "caller_blocked", ruleId: f.blockedBy.id, kind: f.blockedBy.kind } };
  }
  if (tenant.status === "SUSPENDED") return { admitted: false, refusal: { code: "tenant_suspended" } };
  if (tenant.hardCapMinutes !== null && tenant.overCapBehaviour !== "ALLOW_OVERAGE") {
    const minutesUsed = f.minutesUsed();
    if (minutesUsed !== null && minutesUsed >= tenant.hardCapMinutes) {
      return {
        admitted: false,
        refusal: {
          code: "hard_cap_reached",
          minutesUsed,
          hardCapMinutes: tenant.hardCapMinutes,
          overCapBehaviour: tenant.overCapBehaviour,
        },
      };
    }
  }
  const activeCalls = f.activeCalls();
  if (activeCalls >= tenant.concurrencyCap) {
    return {
      admitted: false,
      refusal: { code: "concurrency_limit_reached", activeCalls, concurrencyCap: tenant.concurrencyCap },
    };
  }
  const state = hoursState(f.direction, f.agent, f.now);
  if (!state.open) return { admitted: false, refusal: { code: "outside_hours", state } };
  return { admitted: true };
}

/** Calls started longer ago than this no longer count toward the cap (a lost call must not block a tenant forever). */
export const STALE_CALL_MS = 4 * 60 * 60 * 1000;

/** A client that can count calls: forTenant(), or a transaction holding the tenant's "calls" lock. */
export type CallCounter = { call: { count(args: { where: Prisma.CallWhereInput }): PromiseLike<number> } };

export interface AdmitCallInput {
  direction: CallDirection;
  tenant: AdmissionTenant;
  agent: AdmissionAgent;
  now?: Date;
  /** The call being admitted when its row already exists (not counted against the cap). */
  excludeRoomName?: string;
  /** Count active calls here (a transaction holding lockTenantScope(…, "calls")) for an exact cap. */
  client?: CallCounter;
  /** Inbound: the caller's number as the carrier sent it ("" or "anonymous" when withheld), for the block list. */
  fromNumber?: string;
}

/** Gathers the facts in rule order (no query for a rule that is not reached) and decides. */
export async function admitCall(input: AdmitCallInput): Promise<AdmissionDecision> {
  const now = input.now ?? new Date();
  const { tenant } = input;
  // The block list first (one short indexed read); a failed lookup answers the call: it must never break one.
  const rule =
    input.direction === "INBOUND" && input.fromNumber !== undefined
      ? await findBlockRule(tenant.id, input.fromNumber).catch(() => null)
      : null;
  const base = {
    direction: input.direction,
    tenant,
    agent: input.agent,
    now,
    blockedBy: rule ? { id: rule.id, kind: rule.kind } : null,
  };
  // Cheap rules first, without queries.
  const early = decideAdmission({ ...base, minutesUsed: () => null, activeCalls: () => 0 });
  if (!early.admitted && (early.refusal.code === "caller_blocked" || early.refusal.code === "tenant_suspended"))
    return early;

  const minutesUsed =
    tenant.hardCapMinutes !== null && tenant.overCapBehaviour !== "ALLOW_OVERAGE"
      ? (await periodMinutesUsed(tenant.id, now)).minutes
      : null;
  const capped = decideAdmission({ ...base, minutesUsed: () => minutesUsed, activeCalls: () => 0 });
  if (!capped.admitted && capped.refusal.code === "hard_cap_reached") return capped;

  const client = input.client ?? forTenant(tenant.id);
  const activeCalls = await client.call.count({
    where: {
      tenantId: tenant.id,
      status: { in: ["RINGING", "IN_PROGRESS"] },
      // A dashboard test call never keeps a real caller out.
      isTest: false,
      startedAt: { gt: new Date(now.getTime() - STALE_CALL_MS) },
      ...(input.excludeRoomName ? { roomName: { not: input.excludeRoomName } } : {}),
    },
  });
  return decideAdmission({ ...base, minutesUsed: () => minutesUsed, activeCalls: () => activeCalls });
}

/** What the owner reads (dashboard, API) when a call is refused. */
export function refusalMessage(
  r: AdmissionRefusal,
  agent?: Pick<AdmissionAgent, "timezone" | "holidayRegion">,
): string {
  switch (r.code) {
    case "caller_blocked":
      return "This caller is on the business's block list";
    case "tenant_suspended":
      return "This business is suspended; calls are disabled until billing is fixed";
    case "hard_cap_reached":
      return `This business has used ${r.minutesUsed} of its ${r.hardCapMinutes}-minute cap for this billing period`;
    case "concurrency_limit_reached":
      return `${r.activeCalls} call(s) are already in progress; this business allows ${r.concurrencyCap} at once`;
    case "outside_hours":
      if (r.state.reason === "holiday")
        return `Not calling now: it is a public holiday (${r.state.holiday})${agent?.holidayRegion ? ` in ${agent.holidayRegion}` : ""}`;
      if (r.state.reason === "invalid_schedule") return "Not calling now: the agent's calling hours are invalid";
      return `Not calling now: it is outside the agent's calling hours${agent ? ` (${agent.timezone})` : ""}`;
  }
}

/** A refused call as an error, for callers that stop on refusal (outbound placement). */
export class CallRefusedError extends DomainError {
  constructor(
    readonly refusal: AdmissionRefusal,
    message?: string,
    agent?: Pick<AdmissionAgent, "timezone" | "holidayRegion">,
  ) {
    super(refusal.code, message ?? refusalMessage(refusal, agent), { ...refusal });
  }
}
