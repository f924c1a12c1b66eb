// A tenant's block list: exact numbers, number prefixes and withheld caller ID.
// A matching inbound caller is refused before the agent speaks: the call gets
// its row (shown as "Blocked"), is finalized with endReason BLOCKED and is never
// billed (the usage ledger's rule), and the room is closed by the caller of
// refuseBlockedCall().

import { InputError } from "@articulate/core";
import { type BlockedCallerModel as BlockedCaller, type BlockKind, forTenant, Prisma } from "@articulate/db";
import { z } from "zod";
import { type FinalizeCallResult, finalizeCall, parseInput, startCall } from "./lifecycle";

// What carriers put in From when the caller withholds their number.
const WITHHELD_WORDS = /^(anonymous|private|restricted|unavailable|unknown|withheld|blocked)$/i;

/**
 * A caller id as E.164 ("+61412345678"), or null when the caller withheld it.
 * Australian national numbers ("0412 345 678") are read as +61; "sip:" URIs and
 * separators are ignored.
 */
export function normalizeCallerId(raw: string | null | undefined): string | null {
  let s = (raw ?? "").trim().replace(/^sips?:/i, "");
  s = s.split("@")[0] ?? "";
  if (s === "" || WITHHELD_WORDS.test(s)) return null;
  const plus = s.startsWith("+");
  const digits = s.replace(/\D/g, "");
  if (digits.length === 0) return null;
  if (plus) return `+${digits}`;
  if (digits.startsWith("00")) return `+${digits.slice(2)}`;
  if (digits.startsWith("0")) return `+61${digits.slice(1)}`;
  // Carriers commonly send AU numbers as 61…; anything else stays as dialled.
  return `+${digits}`;
}

/** A prefix as an owner types it ("0412", "+44 70", "1300") → an E.164 prefix ("+61412", "+4470", "+611300"). */
export function normalizePrefix(raw: string): string | null {
  const s = raw.trim();
  const digits = s.replace(/\D/g, "");
  if (digits.length === 0) return null;
  if (s.startsWith("+")) return `+${digits}`;
  if (digits.startsWith("00")) return `+${digits.slice(2)}`;
  if (digits.startsWith("0")) return `+61${digits.slice(1)}`;
  // A bare "1300"/"1800"/"13" is an Australian service prefix.
  return `+61${digits}`;
}

export interface BlockRule {
  kind: BlockKind;
  value: string;
}

/** The rule a caller matches (exact first, then the longest prefix, then withheld), or null. */
export function matchBlockRule<R extends BlockRule>(
  rules: readonly R[],
  fromNumber: string | null | undefined,
): R | null {
  const caller = normalizeCallerId(fromNumber);
  if (caller === null) return rules.find((r) => r.kind === "WITHHELD") ?? null;
  const exact = rules.find((r) => r.kind === "NUMBER" && r.value === caller);
  if (exact) return exact;
  let best: R | null = null;
  for (const r of rules) {
    if (r.kind === "PREFIX" && caller.startsWith(r.value) && (!best || r.value.length > best.value.length)) best = r;
  }
  return best;
}

/** The tenant's rule matching this caller, or null (one indexed read of a short list). */
export async function findBlockRule(
  tenantId: string,
  fromNumber: string | null | undefined,
): Promise<BlockedCaller | null> {
  const rules = await forTenant(tenantId).blockedCaller.findMany({ where: {} });
  return matchBlockRule(rules, fromNumber);
}

const id = z.string().min(1).max(64);

export const blockRuleInputSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("NUMBER"), value: z.string().trim().min(1, "Enter a phone number").max(40) }),
    z.object({ kind: z.literal("PREFIX"), value: z.string().trim().min(1, "Enter the start of the number").max(20) }),
    z.object({ kind: z.literal("WITHHELD"), value: z.string().max(0).optional() }),
  ])
  .and(z.object({ note: z.string().trim().max(200).optional() }));
export type BlockRuleInput = z.input<typeof blockRuleInputSchema>;

/** Bad block-list input; `field` names what to fix. */
export class BlockListInputError extends InputError {}

/** The stored form of an owner's rule: E.164 number, E.164 prefix, or "" for withheld. */
export function normalizeBlockRule(input: BlockRuleInput): BlockRule & { note: string | null } {
  const i = parseInput(blockRuleInputSchema, input);
  const note = i.note ? i.note : null;
  if (i.kind === "WITHHELD") return { kind: "WITHHELD", value: "", note };
  if (i.kind === "NUMBER") {
    const value = normalizeCallerId(i.value);
    if (!value || !/^\+\d{6,15}$/.test(value)) throw new BlockListInputError("value", "Enter a valid phone number");
    return { kind: "NUMBER", value, note };
  }
  const value = normalizePrefix(i.value);
  if (!value || !/^\+\d{1,12}$/.test(value))
    throw new BlockListInputError("value", "Enter the first digits of the number");
  return { kind: "PREFIX", value, note };
}

/** Adds a rule (a repeat of an existing rule returns it unchanged). */
export async function addBlockRule(
  tenantId: string,
  input: BlockRuleInput,
  actor: { userId: string | null },
): Promise<{ rule: BlockedCaller; created: boolean }> {
  const rule = normalizeBlockRule(input);
  const tdb = forTenant(parseInput(id, tenantId));
  try {
    const created = await tdb.blockedCaller.create({
      data: { tenantId, kind: rule.kind, value: rule.value, note: rule.note, createdById: actor.userId },
    });
    return { rule: created, created: true };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      const existing = await tdb.blockedCaller.findFirst({ where: { kind: rule.kind, value: rule.value } });
      if (existing) return { rule: existing, created: false };
    }
    throw err;
  }
}

/** Removes one of the tenant's rules; another tenant's id removes nothing. */
export async function removeBlockRule(tenantId: string, ruleId: string): Promise<boolean> {
  const r = await forTenant(tenantId).blockedCaller.deleteMany({ where: { id: parseInput(id, ruleId) } });
  return r.count === 1;
}

export async function listBlockRules(tenantId: string): Promise<BlockedCaller[]> {
  return forTenant(tenantId).blockedCaller.findMany({ where: {}, orderBy: [{ kind: "asc" }, { createdAt: "desc" }] });
}

/**
 * Records a refused caller: the call's row (so it shows in Calls as "Blocked")
 * finalized at once with endReason BLOCKED, never answered and never billed.
 * The caller of this function ends the room without starting the agent.
 */
export async function refuseBlockedCall(input: {
  tenantId: string;
  roomName: string;
  fromNumber: string;
  toNumber: string;
  agentId?: string | null;
  phoneNumberId?: string | null;
  sipCallId?: string | null;
  participantIdentity?: string | null;
}): Promise<FinalizeCallResult> {
  const call = await startCall({ ...input, direction: "INBOUND" });
  return finalizeCall({ tenantId: call.tenantId, callId: call.id, endReason: "BLOCKED", finalizedBy: "WORKER" });
}
