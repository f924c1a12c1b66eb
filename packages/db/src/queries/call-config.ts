// Call configuration: everything the worker needs to answer (or place) a call,
// by dialed number (inbound) or by agent (test and outbound calls). One owner
// for the shape: the Prisma `select` objects below. The types come from them
// (Prisma's GetPayload), the inbound SQL's column lists are generated from
// them, and the by-agent loader passes them to Prisma, so a column added to a
// selection reaches both loaders and every reader's type at once; a column
// added to the schema but to no selection fails test/call-config.test.ts.
//
// Resolving a dialed number is cross-tenant by nature (platform-level, like
// platformDb()); the agent join is re-checked against the number's tenant.
import { forTenant, sqlPool } from "../client";
import type { Prisma } from "../generated/prisma/client";

/** The agent settings a call runs on. */
export const callConfigAgentSelect = {
  id: true,
  tenantId: true,
  name: true,
  template: true,
  greeting: true,
  instructions: true,
  language: true,
  voice: true,
  sttModel: true,
  llmModel: true,
  ttsModel: true,
  businessHours: true,
  timezone: true,
  holidayRegion: true,
  afterHoursBehaviour: true,
  afterHoursMessage: true,
  transferNumber: true,
  maxCallSeconds: true,
  aiDisclosure: true,
  recordingEnabled: true,
  transcriptRetentionDays: true,
  callingHours: true,
  keypadMenu: true,
} as const satisfies Prisma.AgentSelect;

/** The tenant's status and caps (admission) and identity. */
export const callConfigTenantSelect = {
  id: true,
  slug: true,
  name: true,
  status: true,
  suspendedReason: true,
  plan: true,
  timezone: true,
  concurrencyCap: true,
  hardCapMinutes: true,
  overCapBehaviour: true,
} as const satisfies Prisma.TenantSelect;

/** The dialed number itself. */
export const callConfigPhoneNumberSelect = {
  id: true,
  tenantId: true,
  e164: true,
  status: true,
} as const satisfies Prisma.PhoneNumberSelect;

export type InboundAgentConfig = Prisma.AgentGetPayload<{ select: typeof callConfigAgentSelect }>;
export type CallConfigTenant = Prisma.TenantGetPayload<{ select: typeof callConfigTenantSelect }>;
export type CallConfigPhoneNumber = Prisma.PhoneNumberGetPayload<{ select: typeof callConfigPhoneNumberSelect }>;

export interface InboundCallConfig {
  phoneNumber: CallConfigPhoneNumber;
  /** null when the number has no (live) agent assigned. */
  agent: InboundAgentConfig | null;
  tenant: CallConfigTenant;
}

/**
 * Each table's selection travels as one JSON object (json_build_object), so
 * the row needs no mapping. JSON has no timestamps: a DateTime column added to
 * a selection turns its row type into this message and the build fails here
 * instead of handing the worker a string typed as a Date.
 */
type AsJson<T> = [Extract<T[keyof T], Date>] extends [never]
  ? T
  : "a DateTime column cannot travel in json_build_object: select it as its own column";

type Row = {
  phoneNumber: AsJson<CallConfigPhoneNumber>;
  tenant: AsJson<CallConfigTenant>;
  agent: AsJson<InboundAgentConfig> | null;
};

/** json_build_object('id', a."id", …) over a selection's columns (column names are the field names). */
function jsonObjectSql(alias: string, select: Record<string, true>): string {
  return `json_build_object(${Object.keys(select)
    .map((column) => `'${column}', ${alias}."${column}"`)
    .join(", ")})`;
}

const E164 = /^\+[1-9]\d{6,14}$/;

const INBOUND_CONFIG_SQL = `
SELECT ${jsonObjectSql("p", callConfigPhoneNumberSelect)} AS "phoneNumber",
       ${jsonObjectSql("t", callConfigTenantSelect)} AS "tenant",
       CASE WHEN a."id" IS NULL THEN NULL ELSE ${jsonObjectSql("a", callConfigAgentSelect)} END AS "agent"
  FROM "PhoneNumber" p
  JOIN "Tenant" t ON t."id" = p."tenantId"
  LEFT JOIN "Agent" a ON a."id" = p."agentId" AND a."tenantId" = p."tenantId" AND a."archivedAt" IS NULL
 WHERE p."e164Active" = $1 AND p."status" = 'ACTIVE'`;

/** The SQL loadInboundCallConfig runs (exported so the benchmark's raw baseline runs the same statement). */
export const inboundCallConfigSql = INBOUND_CONFIG_SQL;

/**
 * Resolves a dialed number to everything the worker needs to decide how to
 * answer: the number, its agent (null if none or archived) and the tenant's
 * status and caps. Only ACTIVE numbers resolve; anything else → null.
 */
export async function loadInboundCallConfig(e164: string): Promise<InboundCallConfig | null> {
  // Callers normalize what the carrier sent (@articulate/telephony normalizeDialedNumber); anything else matches nothing.
  if (typeof e164 !== "string" || !E164.test(e164)) return null;
  // Plain pg on the shared pool: one round trip, no ORM mapping on the call
  // path, and a named prepared statement because planning this join costs ~5×
  // executing it (docs/benchmarks.md). pg parses each json column; enums are
  // their string values and jsonb columns arrive as JSON, as Prisma returns them.
  const { rows } = await sqlPool().query<Row>({
    name: "articulate_inbound_call_config",
    text: INBOUND_CONFIG_SQL,
    values: [e164],
  });
  const r = rows[0];
  if (!r) return null;
  return { phoneNumber: r.phoneNumber, tenant: r.tenant, agent: r.agent };
}

export interface AgentCallConfig {
  agent: InboundAgentConfig;
  tenant: CallConfigTenant;
}

/**
 * The same configuration by agent (browser test calls, outbound calls): the
 * tenant's live agent joined with its tenant, through the tenant guard.
 * null when the agent does not exist, is archived or is another tenant's.
 */
export async function loadAgentCallConfig(tenantId: string, agentId: string): Promise<AgentCallConfig | null> {
  const row = await forTenant(tenantId).agent.findFirst({
    where: { id: agentId, archivedAt: null },
    select: { ...callConfigAgentSelect, tenant: { select: callConfigTenantSelect } },
  });
  if (!row) return null;
  const { tenant, ...agent } = row;
  return { agent, tenant };
}
