// Team actions: role rules (only owners touch the owner role), a business always
// keeps an owner, and another tenant's membership ids are 404s.
import crypto from "node:crypto";
import { forTenant, platformDb } from "@articulate/db";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { session } from "./support/session";

vi.mock("@/lib/authz/session", () => import("./support/session"));
vi.mock("next/navigation", () => import("./support/next-navigation"));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/mail", () => ({ sendMail: vi.fn(async () => undefined) }));
const { changeRoleAction, inviteMemberAction, removeMemberAction } = await import("@/modules/team/actions");

const suffix = crypto.randomBytes(4).toString("hex");
const idle = { status: "idle" } as const;
type U = NonNullable<typeof session.user>;
let owner: U;
let admin: U;
let slug: string;
let tenantId: string;
let ownerM: string;
let adminM: string;
let foreignM: string;

async function user(label: string): Promise<U> {
  const u = await platformDb().user.create({ data: { email: `${label}-${suffix}@test.local` } });
  return { id: u.id, email: u.email, name: null, emailVerified: null, isPlatformAdmin: false };
}

beforeAll(async () => {
  owner = await user("owner");
  admin = await user("admin");
  const t = await platformDb().tenant.create({ data: { slug: `team-${suffix}`, name: "T" } });
  const other = await platformDb().tenant.create({ data: { slug: `team-o-${suffix}`, name: "O" } });
  slug = t.slug;
  tenantId = t.id;
  ownerM = (await platformDb().membership.create({ data: { tenantId, userId: owner.id, role: "OWNER" } })).id;
  adminM = (await platformDb().membership.create({ data: { tenantId, userId: admin.id, role: "ADMIN" } })).id;
  foreignM = (
    await platformDb().membership.create({
      data: { tenantId: other.id, userId: (await user("foreign")).id, role: "OWNER" },
    })
  ).id;
});

describe("team actions", () => {
  it("an admin cannot grant or remove the owner role", async () => {
    session.user = admin;
    expect(await inviteMemberAction(idle, { slug, email: `new-${suffix}@test.local`, role: "OWNER" })).toMatchObject({
      status: "error",
      code: 403,
      fieldErrors: { role: expect.any(String) },
    });
    expect(await changeRoleAction(idle, { slug, membershipId: ownerM, role: "MEMBER" })).toMatchObject({
      status: "error",
      code: 403,
    });
    expect(await removeMemberAction(idle, { slug, membershipId: ownerM })).toMatchObject({
      status: "error",
      code: 403,
    });
  });
  it("the last owner cannot be demoted or removed", async () => {
    session.user = owner;
    expect(await changeRoleAction(idle, { slug, membershipId: ownerM, role: "ADMIN" })).toMatchObject({
      status: "error",
      code: 409,
    });
    expect(await removeMemberAction(idle, { slug, membershipId: ownerM })).toMatchObject({
      status: "error",
      code: 409,
    });
    expect((await forTenant(tenantId).membership.findFirstOrThrow({ where: { id: ownerM } })).role).toBe("OWNER");
  });
  it("another tenant's membership id is a 404 and is not changed", async () => {
    session.user = owner;
    expect(await changeRoleAction(idle, { slug, membershipId: foreignM, role: "MEMBER" })).toMatchObject({
      status: "error",
      code: 404,
    });
    expect(await removeMemberAction(idle, { slug, membershipId: foreignM })).toMatchObject({
      status: "error",
      code: 404,
    });
    expect((await platformDb().membership.findUniqueOrThrow({ where: { id: foreignM } })).role).toBe("OWNER");
  });
  it("invites store only a token hash and refuse existing members", async () => {
    session.user = owner;
    const r = await inviteMemberAction(idle, { slug, email: `Invitee-${suffix}@Test.local`, role: "ADMIN" });
    expect(r).toMatchObject({ status: "success", data: { email: `invitee-${suffix}@test.local` } });
    const token = r.status === "success" ? r.data.link.split("/invite/")[1] : "";
    const inv = await forTenant(tenantId).invitation.findFirstOrThrow({
      where: { email: `invitee-${suffix}@test.local` },
    });
    expect(inv.tokenHash).not.toBe(token);
    expect(inv.tokenHash).toBe(
      crypto
        .createHash("sha256")
        .update(token ?? "")
        .digest("hex"),
    );
    expect(await inviteMemberAction(idle, { slug, email: admin.email, role: "MEMBER" })).toMatchObject({
      status: "error",
      code: 409,
      fieldErrors: { email: expect.any(String) },
    });
  });
  it("an owner can promote an admin, then step down", async () => {
    session.user = owner;
    expect(await changeRoleAction(idle, { slug, membershipId: adminM, role: "OWNER" })).toMatchObject({
      status: "success",
    });
    expect(await changeRoleAction(idle, { slug, membershipId: ownerM, role: "ADMIN" })).toMatchObject({
      status: "success",
    });
  });
});
