// Test tenants for the worker: a tenant, an agent with weekday business hours
// in Sydney (NSW holidays), and an active number routed to it.
import crypto from "node:crypto";
import { type Prisma, platformDb } from "@articulate/db";

export const WEEKDAYS_9_TO_5 = {
  mon: [{ open: "09:00", close: "17:00" }],
  tue: [{ open: "09:00", close: "17:00" }],
  wed: [{ open: "09:00", close: "17:00" }],
  thu: [{ open: "09:00", close: "17:00" }],
  fri: [{ open: "09:00", close: "17:00" }],
};

/** Tuesday 6 Oct 2026, 10:00 in Sydney (AEDT, UTC+11): open. */
export const OPEN_TUESDAY = new Date("2026-10-05T23:00:00Z");
/** Monday 5 Oct 2026, 10:00 in Sydney: Labour Day, a NSW public holiday. */
export const NSW_LABOUR_DAY = new Date("2026-10-04T23:00:00Z");
/** Tuesday 6 Oct 2026, 20:00 in Sydney: closed. */
export const TUESDAY_EVENING = new Date("2026-10-06T09:00:00Z");

export interface Fixture {
  tenantId: string;
  slug: string;
  agentId: string;
  e164: string;
  phoneNumberId: string;
}

export async function createReceptionTenant(
  label: string,
  opts: { agent?: Partial<Prisma.AgentUncheckedCreateInput>; tenant?: Partial<Prisma.TenantUncheckedCreateInput> } = {},
): Promise<Fixture> {
  const suffix = crypto.randomBytes(5).toString("hex");
  const db = platformDb();
  const tenant = await db.tenant.create({
    data: { slug: `${label}-${suffix}`, name: "Harbour Dental", ...opts.tenant },
  });
  const agent = await db.agent.create({
    data: {
      tenantId: tenant.id,
      name: "Ava",
      greeting: "Thanks for calling Harbour Dental, this is Ava.",
      instructions: "Help callers with bookings and questions.",
      businessHours: WEEKDAYS_9_TO_5,
      timezone: "Australia/Sydney",
      holidayRegion: "AU-NSW",
      transferNumber: "+61299990000",
      ...opts.agent,
    },
  });
  const e164 = `+612${String(crypto.randomInt(10_000_000, 99_999_999))}`;
  const pn = await db.phoneNumber.create({
    data: { tenantId: tenant.id, e164, e164Active: e164, provider: "LIVEKIT", status: "ACTIVE", agentId: agent.id },
  });
  return { tenantId: tenant.id, slug: tenant.slug, agentId: agent.id, e164, phoneNumberId: pn.id };
}
