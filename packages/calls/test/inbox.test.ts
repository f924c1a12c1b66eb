// The messages inbox on real PostgreSQL: states, assignee, note, audit,
// message.updated, bulk done, keyset pages, and tenant isolation.
import crypto from "node:crypto";
import { listTenantMessages, platformDb } from "@articulate/db";
import { createWebhookEndpoint } from "@articulate/webhooks";
import { describe, expect, it } from "vitest";
import {
  CallInputError,
  MessageNotFoundError,
  markMessageSeen,
  markMessagesDone,
  saveMessage,
  updateMessage,
} from "../src/index";
import { createTenantWithAgent } from "./fixtures";

async function member(tenantId: string) {
  const user = await platformDb().user.create({
    data: { email: `m-${crypto.randomBytes(4).toString("hex")}@example.test`, name: "Sam" },
  });
  await platformDb().membership.create({ data: { tenantId, userId: user.id, role: "MEMBER" } });
  return user;
}

const message = (tenantId: string, extra: { urgency?: "urgent" | "normal"; reason?: string } = {}) =>
  saveMessage({ tenantId, callerName: "Jo", callbackNumber: "0412 345 678", reason: "Call back", ...extra });

describe("messages inbox", () => {
  it("moves new → seen → done with an assignee and a note; each change audited and sent as message.updated", async () => {
    const { tenant } = await createTenantWithAgent("inbox");
    const sam = await member(tenant.id);
    await createWebhookEndpoint(
      tenant.id,
      { url: "https://hooks.example.test/x", events: ["message.updated"] },
      { actorType: "user", actorId: sam.id },
    );
    const m = await message(tenant.id, { urgency: "urgent" });
    expect(m).toMatchObject({ status: "NEW", urgency: "URGENT" });

    await markMessageSeen(tenant.id, m.id, { type: "user", id: sam.id });
    await markMessageSeen(tenant.id, m.id, { type: "user", id: sam.id }); // no second change
    const done = await updateMessage(
      tenant.id,
      m.id,
      { status: "DONE", assigneeId: sam.id, note: "Called back, booked Tue" },
      { type: "user", id: sam.id },
    );
    expect(done).toMatchObject({ status: "DONE", assigneeId: sam.id, note: "Called back, booked Tue" });

    const audit = await platformDb().auditLog.findMany({
      where: { tenantId: tenant.id, action: "message.updated", targetId: m.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.data)).toEqual([
      { status: { from: "NEW", to: "SEEN" } },
      {
        status: { from: "SEEN", to: "DONE" },
        assigneeId: { from: null, to: sam.id },
        note: { from: null, to: "Called back, booked Tue" },
      },
    ]);
    const events = await platformDb().webhookDelivery.findMany({
      where: { tenantId: tenant.id, eventType: "message.updated" },
      orderBy: { createdAt: "asc" },
    });
    expect(events).toHaveLength(2);
    expect(events[1]?.payload).toMatchObject({
      type: "message.updated",
      data: { message: { id: m.id, status: "DONE", urgency: "URGENT" }, changed: ["status", "assigneeId", "note"] },
    });
  });

  it("refuses an assignee who is not a member, and another tenant's message is not found with nothing changed", async () => {
    const a = await createTenantWithAgent("inbox-a");
    const b = await createTenantWithAgent("inbox-b");
    const outsider = await member(b.tenant.id);
    const m = await message(a.tenant.id);
    await expect(
      updateMessage(a.tenant.id, m.id, { assigneeId: outsider.id }, { type: "user", id: "u" }),
    ).rejects.toBeInstanceOf(CallInputError);
    await expect(
      updateMessage(b.tenant.id, m.id, { status: "DONE" }, { type: "user", id: outsider.id }),
    ).rejects.toBeInstanceOf(MessageNotFoundError);
    expect(await markMessagesDone(b.tenant.id, [m.id], { type: "user", id: outsider.id })).toBe(0);
    const row = await platformDb().message.findUniqueOrThrow({ where: { id: m.id } });
    expect(row).toMatchObject({ status: "NEW", assigneeId: null });
    expect(await platformDb().auditLog.count({ where: { targetId: m.id } })).toBe(0);
  });

  it("marks several done at once and pages newest first with filters", async () => {
    const { tenant } = await createTenantWithAgent("inbox-page");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await message(tenant.id, { urgency: i % 2 ? "urgent" : "normal" })).id);
    expect(await markMessagesDone(tenant.id, ids.slice(0, 2), { type: "user", id: "u" })).toBe(2);

    const open = await listTenantMessages(tenant.id, { limit: 2, open: true });
    expect(open.items.map((m) => m.id)).toEqual([ids[4], ids[3]]);
    const next = await listTenantMessages(tenant.id, { limit: 2, open: true, after: open.nextCursor ?? "" });
    expect(next.items.map((m) => m.id)).toEqual([ids[2]]);
    expect(next.nextCursor).toBeNull();
    const urgent = await listTenantMessages(tenant.id, { limit: 10, urgency: "URGENT" });
    expect(urgent.items.map((m) => m.id)).toEqual([ids[3], ids[1]]);
    const done = await listTenantMessages(tenant.id, { limit: 10, status: "DONE" });
    expect(done.items.map((m) => m.id).sort()).toEqual(ids.slice(0, 2).sort());
  });
});
