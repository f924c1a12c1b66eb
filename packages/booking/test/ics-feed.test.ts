// The .ics feed: signed, unguessable, revocable, one business only, and a
// document phone calendars accept (CRLF, folded lines, escaped text, UTC times).
import crypto from "node:crypto";
import { platformDb } from "@articulate/db";
import { describe, expect, it } from "vitest";
import {
  bookAppointment,
  bookingFeed,
  bookingFeedPath,
  createAppointmentType,
  instantAt,
  renderIcs,
  rotateBookingFeed,
} from "../src/index";

const TZ = "Australia/Sydney";
const NOW = instantAt("2026-11-30", 8 * 60, TZ)!;
const hours = { open: "09:00", close: "17:00" };

async function business(label: string) {
  const suffix = crypto.randomBytes(5).toString("hex");
  const tenant = await platformDb().tenant.create({
    data: { slug: `${label}-${suffix}`, name: `Harbour Dental ${suffix}` },
  });
  const type = await createAppointmentType(tenant.id, {
    name: "Check-up, clean; polish",
    durationMinutes: 45,
    openHours: { mon: [hours], tue: [hours], wed: [hours], thu: [hours], fri: [hours] },
  });
  return { tenant, type };
}
const tokenOf = (path: string) => /\/([A-Za-z0-9_-]+)\.ics$/.exec(path)![1]!;

describe(".ics feed", () => {
  it("serves the business's bookings to its signed link only, and stops when the link is rotated", async () => {
    const { tenant, type } = await business("ics");
    const other = await business("ics-other");
    await bookAppointment(
      {
        tenantId: tenant.id,
        appointmentTypeId: type.id,
        start: instantAt("2026-12-01", 9 * 60, TZ)!,
        callerName: "Mia Nguyen",
        callerPhone: "0412 345 678",
        reason: "Sore tooth, upper left",
        source: "AGENT",
      },
      NOW,
    );
    const path = await bookingFeedPath(tenant.id);
    expect(path).toMatch(new RegExp(`^/api/calendar/${tenant.id}/[A-Za-z0-9_-]{43}\\.ics$`));
    const token = tokenOf(path);
    const feed = await bookingFeed(tenant.id, token, NOW);
    expect(feed).toContain("BEGIN:VEVENT");
    expect(feed).toContain("DTSTART:20261130T220000Z");
    expect(feed).toContain("SUMMARY:Check-up\\, clean\\; polish: Mia Nguyen");
    expect(feed).toContain("DESCRIPTION:Phone: +61412345678\\nReason: Sore tooth\\, upper left");
    expect(feed!.split("\r\n").every((l) => Buffer.byteLength(l) <= 75)).toBe(true);

    // Another business's token, a tampered one, a made-up tenant: nothing.
    const otherToken = tokenOf(await bookingFeedPath(other.tenant.id));
    expect(await bookingFeed(tenant.id, otherToken, NOW)).toBeNull();
    expect(await bookingFeed(tenant.id, `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`, NOW)).toBeNull();
    expect(await bookingFeed("no-such-tenant", token, NOW)).toBeNull();
    expect(await bookingFeed(tenant.id, "../../etc/passwd", NOW)).toBeNull();

    const rotated = await rotateBookingFeed(tenant.id);
    expect(await bookingFeed(tenant.id, token, NOW)).toBeNull();
    expect(await bookingFeed(tenant.id, tokenOf(rotated), NOW)).toContain("Mia Nguyen");
  });

  it("folds long lines without splitting a character", () => {
    const ics = renderIcs("Cal", [
      {
        id: "b1",
        startsAt: new Date("2026-12-01T00:00:00Z"),
        endsAt: new Date("2026-12-01T00:45:00Z"),
        callerName: "Zoë ".repeat(40),
        callerPhone: "+61412345678",
        reason: null,
        appointmentType: "Clean",
        updatedAt: new Date("2026-11-30T00:00:00Z"),
      },
    ]);
    const lines = ics.split("\r\n");
    expect(lines.every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const unfolded = ics.replace(/\r\n /g, "");
    expect(unfolded).toContain(`SUMMARY:Clean: ${"Zoë ".repeat(40)}`);
  });
});
