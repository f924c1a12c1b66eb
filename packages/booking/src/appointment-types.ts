// Appointment types a business offers ("Check-up and clean", 45 min): their
// rules, the agent that offers them and the questions to ask. One schema for
// the dashboard and the API.
import { weeklyScheduleSchema } from "@articulate/calls";
import { InputError, parseInput } from "@articulate/core";
import { type AppointmentTypeModel, forTenant, Prisma } from "@articulate/db";
import { z } from "zod";

const questionSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "must be lower_snake_case"),
  label: z.string().trim().min(1).max(120),
  required: z.boolean().default(false),
});

export const appointmentTypeInputSchema = z
  .object({
    name: z.string().trim().min(2, "must be at least 2 characters").max(80),
    agentId: z.string().min(1).max(64).nullable().default(null),
    durationMinutes: z
      .number()
      .int()
      .min(5)
      .max(8 * 60),
    bufferMinutes: z.number().int().min(0).max(240).default(0),
    minNoticeMinutes: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 60)
      .default(120),
    maxDaysAhead: z.number().int().min(1).max(365).default(60),
    openHours: weeklyScheduleSchema.nullable().default(null),
    questions: z.array(questionSchema).max(10).default([]),
    active: z.boolean().default(true),
  })
  .strict()
  .refine((t) => t.openHours !== null || t.agentId !== null, {
    path: ["openHours"],
    message: "set opening hours, or choose the agent whose business hours apply",
  });
export type AppointmentTypeInput = z.input<typeof appointmentTypeInputSchema>;

async function assertOwnAgent(tenantId: string, agentId: string | null): Promise<void> {
  if (!agentId) return;
  const agent = await forTenant(tenantId).agent.findFirst({ where: { tenantId, id: agentId }, select: { id: true } });
  if (!agent) throw new InputError("agentId", "is not one of this business's agents");
}

function duplicateName(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002";
}

export async function createAppointmentType(tenantId: string, input: unknown): Promise<AppointmentTypeModel> {
  const i = parseInput(appointmentTypeInputSchema, input);
  await assertOwnAgent(tenantId, i.agentId);
  try {
    return await forTenant(tenantId).appointmentType.create({
      data: { ...i, tenantId, openHours: i.openHours ?? Prisma.JsonNull },
    });
  } catch (err) {
    if (duplicateName(err)) throw new InputError("name", "an appointment type with this name already exists");
    throw err;
  }
}

export async function updateAppointmentType(
  tenantId: string,
  appointmentTypeId: string,
  input: unknown,
): Promise<AppointmentTypeModel> {
  const i = parseInput(appointmentTypeInputSchema, input);
  await assertOwnAgent(tenantId, i.agentId);
  const tdb = forTenant(tenantId);
  const existing = await tdb.appointmentType.findFirst({ where: { tenantId, id: appointmentTypeId } });
  if (!existing) throw new InputError("id", "appointment type not found");
  try {
    return await tdb.appointmentType.update({
      where: { tenantId, id: appointmentTypeId },
      data: { ...i, openHours: i.openHours ?? Prisma.JsonNull },
    });
  } catch (err) {
    if (duplicateName(err)) throw new InputError("name", "an appointment type with this name already exists");
    throw err;
  }
}

/** The types an agent offers (its own plus the business-wide ones), active only. */
export async function listAppointmentTypes(
  tenantId: string,
  opts: { agentId?: string; includeInactive?: boolean } = {},
): Promise<AppointmentTypeModel[]> {
  return forTenant(tenantId).appointmentType.findMany({
    where: {
      tenantId,
      ...(opts.includeInactive ? {} : { active: true }),
      ...(opts.agentId ? { OR: [{ agentId: opts.agentId }, { agentId: null }] } : {}),
    },
    orderBy: { name: "asc" },
  });
}
