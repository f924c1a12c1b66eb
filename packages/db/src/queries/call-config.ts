// Inbound call configuration: the dialed number → its tenant, status and agent,
// in one indexed query (unique index on PhoneNumber.e164Active). Resolving a
// dialed number is cross-tenant by nature (platform-level, like platformDb());
// the agent join is re-checked against the number's tenant.
import { sqlPool } from "../client";
import type { Prisma } from "../generated/prisma/client";
import type {
  AfterHoursBehaviour,
  AgentTemplate,
  OverCapBehaviour,
  PhoneNumberStatus,
  PlanTier,
  TenantStatus,
} from "../generated/prisma/enums";

export interface InboundAgentConfig {
  id: string;
  tenantId: string;
  name: string;
  template: AgentTemplate;
  greeting: string;
  instructions: string;
  language: string;
  voice: string;
  sttModel: string;
  llmModel: string;
  ttsModel: string;
  businessHours: Prisma.JsonValue | null;
  timezone: string;
  holidayRegion: string | null;
  afterHoursBehaviour: AfterHoursBehaviour;
  afterHoursMessage: string | null;
  transferNumber: string | null;
  maxCallSeconds: number;
  aiDisclosure: boolean;
  recordingEnabled: boolean;
  transcriptRetentionDays: number | null;
  callingHours: Prisma.JsonValue | null;
  keypadMenu: Prisma.JsonValue | null;
  updatedAt: Date;
}

export interface InboundCallConfig {
  phoneNumber: { id: string; tenantId: string; e164: string; status: PhoneNumberStatus };
  /** null when the number has no (live) agent assigned. */
  agent: InboundAgentConfig | null;
  tenant: {
    id: string;
    slug: string;
    name: string;
    status: TenantStatus;
    suspendedReason: string | null;
    plan: PlanTier;
    timezone: string;
    concurrencyCap: number;
    hardCapMinutes: number | null;
    overCapBehaviour: OverCapBehaviour;
  };
}

const E164 = /^\+[1-9]\d{6,14}$/;

type Row = {
  pn_id: string;
  pn_tenantId: string;
  pn_e164: string;
  pn_status: PhoneNumberStatus;
  t_slug: string;
  t_name: string;
  t_status: TenantStatus;
  t_suspendedReason: string | null;
  t_plan: PlanTier;
  t_timezone: string;
  t_concurrencyCap: number;
  t_hardCapMinutes: number | null;
  t_overCapBehaviour: OverCapBehaviour;
} & { [K in keyof InboundAgentConfig as `a_${K}`]: InboundAgentConfig[K] | null };

// Columns are selected explicitly (no SELECT *) so the shape is stable across
// schema additions; aliases carry the table prefix for the flat row.
const INBOUND_CONFIG_SQL = `
SELECT p."id" AS "pn_id", p."tenantId" AS "pn_tenantId", p."e164" AS "pn_e164", p."status"AS "pn_status",
       t."slug" AS "t_slug", t."name" AS "t_name", t."status"AS "t_status", t."suspendedReason" AS "t_suspendedReason",
       t."plan"AS "t_plan", t."timezone" AS "t_timezone", t."concurrencyCap" AS "t_concurrencyCap",
       t."hardCapMinutes" AS "t_hardCapMinutes", t."overCapBehaviour"AS "t_overCapBehaviour",
       a."id" AS "a_id", a."tenantId" AS "a_tenantId", a."name" AS "a_name", a."template"AS "a_template",
       a."greeting" AS "a_greeting", a."instructions" AS "a_instructions", a."language" AS "a_language",
       a."voice" AS "a_voice", a."sttModel" AS "a_sttModel", a."llmModel" AS "a_llmModel", a."ttsModel" AS "a_ttsModel",
       a."businessHours" AS "a_businessHours", a."timezone" AS "a_timezone", a."holidayRegion" AS "a_holidayRegion",
       a."afterHoursBehaviour"AS "a_afterHoursBehaviour", a."afterHoursMessage" AS "a_afterHoursMessage",
       a."transferNumber" AS "a_transferNumber", a."maxCallSeconds" AS "a_maxCallSeconds",
       a."aiDisclosure" AS "a_aiDisclosure", a."recordingEnabled" AS "a_recordingEnabled",
       a."transcriptRetentionDays" AS "a_transcriptRetentionDays", a."callingHours" AS "a_callingHours",
       a."keypadMenu" AS "a_keypadMenu", a."updatedAt" AS "a_updatedAt"
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
  const number = e164;
  // Plain pg on the shared pool: one round trip, no ORM mapping on the call
  // path, and a named prepared statement because planning this join costs ~5×
  // executing it (docs/benchmarks.md). pg returns timestamptz as Date, jsonb
  // parsed and enums as their string values: the row already has the right types.
  const { rows } = await sqlPool().query<Row>({
    name: "articulate_inbound_call_config",
    text: INBOUND_CONFIG_SQL,
    values: [number],
  });
  const r = rows[0];
  if (!r) return null;
  return {
    phoneNumber: { id: r.pn_id, tenantId: r.pn_tenantId, e164: r.pn_e164, status: r.pn_status },
    tenant: {
      id: r.pn_tenantId,
      slug: r.t_slug,
      name: r.t_name,
      status: r.t_status,
      suspendedReason: r.t_suspendedReason,
      plan: r.t_plan,
      timezone: r.t_timezone,
      concurrencyCap: r.t_concurrencyCap,
      hardCapMinutes: r.t_hardCapMinutes,
      overCapBehaviour: r.t_overCapBehaviour,
    },
    agent:
      r.a_id === null
        ? null
        : {
            id: r.a_id,
            tenantId: r.a_tenantId as string,
            name: r.a_name as string,
            template: r.a_template as AgentTemplate,
            greeting: r.a_greeting as string,
            instructions: r.a_instructions as string,
            language: r.a_language as string,
            voice: r.a_voice as string,
            sttModel: r.a_sttModel as string,
            llmModel: r.a_llmModel as string,
            ttsModel: r.a_ttsModel as string,
            businessHours: r.a_businessHours,
            timezone: r.a_timezone as string,
            holidayRegion: r.a_holidayRegion,
            afterHoursBehaviour: r.a_afterHoursBehaviour as AfterHoursBehaviour,
            afterHoursMessage: r.a_afterHoursMessage,
            transferNumber: r.a_transferNumber,
            maxCallSeconds: r.a_maxCallSeconds as number,
            aiDisclosure: r.a_aiDisclosure as boolean,
            recordingEnabled: r.a_recordingEnabled as boolean,
            transcriptRetentionDays: r.a_transcriptRetentionDays,
            callingHours: r.a_callingHours,
            keypadMenu: r.a_keypadMenu,
            updatedAt: r.a_updatedAt as Date,
          },
  };
}
