// Connecting Google Calendar from the dashboard, through the real routes and
// the local Google fake: an admin starts it, Google's consent redirects back,
// the callback stores the connection; a member can't start it, a callback
// without the starting browser's cookie (or for another user) connects nothing,
// a refused consent says so; disconnecting asks first (ConfirmForm) and
// revokes the grant at Google.
import crypto from "node:crypto";
import { platformDb } from "@articulate/db";
import { startGoogleFake } from "@articulate/testing/google";
import { NextRequest } from "next/server";
import { afterAll, describe, expect, it, vi } from "vitest";

const fake = await startGoogleFake({ email: "front@clinic.example" });
// The web env is read once per process: the operator's Google client points at the fake.
process.env.GOOGLE_CALENDAR_CLIENT_ID = fake.clientId;
process.env.GOOGLE_CALENDAR_CLIENT_SECRET = fake.clientSecret;
process.env.GOOGLE_API_BASE_URL = fake.url;

const session = vi.hoisted(() => ({
  user: null as null | {
    id: string;
    email: string;
    name: string | null;
    emailVerified: Date | null;
    isPlatformAdmin: boolean;
  },
}));
vi.mock("@/lib/authz/session", () => ({ getSessionUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const { GET: connectRoute } = await import("@/app/api/integrations/google/connect/route");
const { GET: callbackRoute } = await import("@/app/api/integrations/google/callback/route");
const { disconnectGoogleAction } = await import("@/modules/bookings/actions");
const { GOOGLE_NONCE_COOKIE } = await import("@/modules/bookings/google");

afterAll(() => fake.close());

async function business() {
  const suffix = crypto.randomBytes(4).toString("hex");
  const tenant = await platformDb().tenant.create({ data: { slug: `gc-${suffix}`, name: `Clinic ${suffix}` } });
  const user = async (role: "OWNER" | "ADMIN" | "MEMBER") => {
    const u = await platformDb().user.create({ data: { email: `${role}-${crypto.randomUUID()}@test.local` } });
    await platformDb().membership.create({ data: { tenantId: tenant.id, userId: u.id, role } });
    return { id: u.id, email: u.email, name: null, emailVerified: null, isPlatformAdmin: false };
  };
  return { tenant, admin: await user("ADMIN"), member: await user("MEMBER") };
}

/** Starts from our connect route, walks Google's consent, and returns the callback request a browser would make. */
async function startAndConsent(slug: string) {
  const start = await connectRoute(new Request(`http://127.0.0.1:3000/api/integrations/google/connect?slug=${slug}`));
  expect(start.status).toBe(303);
  const setCookie = start.headers.get("set-cookie") ?? "";
  expect(setCookie).toContain(`${GOOGLE_NONCE_COOKIE}=`);
  expect(setCookie.toLowerCase()).toContain("httponly");
  const nonce = new RegExp(`${GOOGLE_NONCE_COOKIE}=([^;]+)`).exec(setCookie)?.[1] ?? "";
  const consent = await fetch(start.headers.get("location") ?? "", { redirect: "manual" });
  expect(consent.status).toBe(302);
  const back = consent.headers.get("location") ?? "";
  expect(back).toContain("/api/integrations/google/callback?");
  return { back, nonce };
}

const calendarRow = (tenantId: string) => platformDb().bookingCalendar.findUnique({ where: { tenantId } });

describe("connecting Google Calendar", () => {
  it("an admin connects; the tokens are stored encrypted and the action is audited", async () => {
    const { tenant, admin } = await business();
    session.user = admin;
    const { back, nonce } = await startAndConsent(tenant.slug);
    const done = await callbackRoute(new NextRequest(back, { headers: { cookie: `${GOOGLE_NONCE_COOKIE}=${nonce}` } }));
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toContain(`/t/${tenant.slug}/bookings?google=connected`);
    const row = await calendarRow(tenant.id);
    expect(row).toMatchObject({ provider: "GOOGLE", googleEmail: "front@clinic.example", connectionError: null });
    expect(row?.googleRefreshToken).toMatch(/^v1\./);
    const audit = await platformDb().auditLog.findFirst({
      where: { tenantId: tenant.id, action: "booking.calendar_connected" },
    });
    expect(audit?.actorId).toBe(admin.id);
  });

  it("a member can't start it", async () => {
    const { tenant, member } = await business();
    session.user = member;
    const res = await connectRoute(
      new Request(`http://127.0.0.1:3000/api/integrations/google/connect?slug=${tenant.slug}`),
    );
    expect(res.status).toBe(403);
  });

  it("a callback without the starting browser's cookie, or for another user, connects nothing", async () => {
    const { tenant, admin } = await business();
    const other = await business();
    session.user = admin;
    const { back, nonce } = await startAndConsent(tenant.slug);
    const noCookie = await callbackRoute(new NextRequest(back));
    expect(noCookie.headers.get("location")).toContain("google=expired");
    session.user = other.admin;
    const otherUser = await callbackRoute(
      new NextRequest(back, { headers: { cookie: `${GOOGLE_NONCE_COOKIE}=${nonce}` } }),
    );
    expect(otherUser.headers.get("location")).toContain("google=expired");
    expect((await calendarRow(tenant.id))?.provider ?? "BUILT_IN").toBe("BUILT_IN");
  });

  it("a refused consent lands back with a message and no connection", async () => {
    const { tenant, admin } = await business();
    session.user = admin;
    fake.denyNextConsent();
    const { back, nonce } = await startAndConsent(tenant.slug);
    const res = await callbackRoute(new NextRequest(back, { headers: { cookie: `${GOOGLE_NONCE_COOKIE}=${nonce}` } }));
    expect(res.headers.get("location")).toContain("google=denied");
    expect((await calendarRow(tenant.id))?.provider ?? "BUILT_IN").toBe("BUILT_IN");
  });

  it("disconnecting revokes the grant at Google and returns to the built-in calendar", async () => {
    const { tenant, admin } = await business();
    session.user = admin;
    const { back, nonce } = await startAndConsent(tenant.slug);
    await callbackRoute(new NextRequest(back, { headers: { cookie: `${GOOGLE_NONCE_COOKIE}=${nonce}` } }));
    const active = fake.activeRefreshTokens();
    const form = new FormData();
    form.set("slug", tenant.slug);
    const state = await disconnectGoogleAction({ status: "idle" }, form);
    expect(state.status).toBe("success");
    expect(fake.activeRefreshTokens()).toBe(active - 1);
    expect(await calendarRow(tenant.id)).toMatchObject({ provider: "BUILT_IN", googleRefreshToken: null });
  });
});
