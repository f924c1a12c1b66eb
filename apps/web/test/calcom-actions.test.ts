// Cal.com from the dashboard, through the real authorising wrapper and the
// local Cal.com fake: an admin connects with an API key (a refused key is a
// field error, nothing stored), links an appointment type (a different-length
// event type is a field error), a member can't, and disconnecting returns to
// the built-in calendar.
import crypto from "node:crypto";
import { createAppointmentType } from "@articulate/booking";
import { platformDb } from "@articulate/db";
import { startCalcomFake } from "@articulate/testing/calcom";
import { afterAll, describe, expect, it, vi } from "vitest";

const fake = await startCalcomFake({
  email: "desk@clinic.example",
  eventTypes: [
    { id: 11, title: "Consult", lengthInMinutes: 30 },
    { id: 12, title: "Long", lengthInMinutes: 60 },
  ],
});
process.env.CALCOM_API_BASE_URL = fake.url;

const session = vi.hoisted(() => ({
  user: null as null | { id: string; email: string; name: null; emailVerified: null; isPlatformAdmin: boolean },
}));
vi.mock("@/lib/authz/session", () => ({ getSessionUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { connectCalcomAction, linkCalcomEventTypeAction, disconnectCalcomAction } = await import(
  "@/modules/bookings/actions"
);

afterAll(() => fake.close());

const idle = { status: "idle" } as const;
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

async function business() {
  const suffix = crypto.randomBytes(4).toString("hex");
  const tenant = await platformDb().tenant.create({ data: { slug: `cc-${suffix}`, name: `Clinic ${suffix}` } });
  const user = async (role: "ADMIN" | "MEMBER") => {
    const u = await platformDb().user.create({ data: { email: `${role}-${crypto.randomUUID()}@test.local` } });
    await platformDb().membership.create({ data: { tenantId: tenant.id, userId: u.id, role } });
    return { id: u.id, email: u.email, name: null, emailVerified: null, isPlatformAdmin: false };
  };
  const agent = await platformDb().agent.create({
    data: { tenantId: tenant.id, name: "Ava", greeting: "Hi", instructions: "-" },
  });
  const type = await createAppointmentType(tenant.id, { name: "Consult", agentId: agent.id, durationMinutes: 30 });
  return { tenant, type, admin: await user("ADMIN"), member: await user("MEMBER") };
}

describe("Cal.com from the dashboard", () => {
  it("connects with a key Cal.com accepts, links an appointment type, and disconnects", async () => {
    const { tenant, type, admin, member } = await business();
    session.user = member;
    expect((await connectCalcomAction(idle, form({ slug: tenant.slug, apiKey: fake.apiKey }))).status).toBe("error");

    session.user = admin;
    const refused = await connectCalcomAction(idle, form({ slug: tenant.slug, apiKey: "cal_live_nope1234" }));
    expect(refused).toMatchObject({ status: "error", fieldErrors: { apiKey: "Cal.com didn't accept that API key." } });
    expect(await platformDb().bookingCalendar.findUnique({ where: { tenantId: tenant.id } })).toBeNull();

    expect((await connectCalcomAction(idle, form({ slug: tenant.slug, apiKey: fake.apiKey }))).status).toBe("success");
    const row = await platformDb().bookingCalendar.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(row).toMatchObject({ provider: "CALCOM", calcomEmail: "desk@clinic.example" });
    expect(row.calcomApiKey).not.toContain(fake.apiKey);

    const wrongLength = await linkCalcomEventTypeAction(
      idle,
      form({ slug: tenant.slug, appointmentTypeId: type.id, calcomEventTypeId: "12" }),
    );
    expect(wrongLength).toMatchObject({ status: "error" });
    expect((wrongLength as { fieldErrors?: Record<string, string> }).fieldErrors?.calcomEventTypeId).toMatch(
      /60 minutes in Cal.com/,
    );
    expect(
      (
        await linkCalcomEventTypeAction(
          idle,
          form({ slug: tenant.slug, appointmentTypeId: type.id, calcomEventTypeId: "11" }),
        )
      ).status,
    ).toBe("success");
    expect((await platformDb().appointmentType.findUniqueOrThrow({ where: { id: type.id } })).calcomEventTypeId).toBe(
      11,
    );

    expect((await disconnectCalcomAction(idle, form({ slug: tenant.slug }))).status).toBe("success");
    expect(await platformDb().bookingCalendar.findUniqueOrThrow({ where: { tenantId: tenant.id } })).toMatchObject({
      provider: "BUILT_IN",
      calcomApiKey: null,
    });
  });
});
