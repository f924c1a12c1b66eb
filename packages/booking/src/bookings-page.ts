// Bookings read a page at a time (the public API): in start order, keyset
// pagination on (startsAt, id), tenant first so the (tenantId, status, startsAt)
// index serves it. The week view reads a whole window with listBookings.
import { InputError, parseInput } from "@articulate/core";
import { forTenant, type Prisma } from "@articulate/db";
import { z } from "zod";
import type { BookingListItem } from "./calendar";
import { BookingError } from "./errors";

const id = z.string().min(1).max(64);

const pageSchema = z.object({
  tenantId: id,
  /** Bookings starting at or after this instant. */
  from: z.date().optional(),
  /** Bookings starting before this instant. */
  to: z.date().optional(),
  status: z.enum(["CONFIRMED", "CANCELLED"]).optional(),
  appointmentTypeId: id.optional(),
  limit: z.number().int().min(1).max(100).default(25),
  /** nextCursor of the previous page. */
  after: z.string().max(256).optional(),
});
export type BookingPageInput = z.input<typeof pageSchema>;

export interface BookingPage {
  items: BookingListItem[];
  nextCursor: string | null;
}

const cursorSchema = z.object({ s: z.iso.datetime(), i: id });

function encodeCursor(startsAt: Date, bookingId: string): string {
  return Buffer.from(JSON.stringify({ s: startsAt.toISOString(), i: bookingId })).toString("base64url");
}

function decodeCursor(raw: string): { startsAt: Date; id: string } {
  const invalid = () => new InputError("after", "is not a cursor from a previous page");
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid();
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const parsed = cursorSchema.safeParse(json);
  if (!parsed.success) throw invalid();
  return { startsAt: new Date(parsed.data.s), id: parsed.data.i };
}

/** One page of a business's bookings in start order, optionally within [from, to). */
export async function listBookingsPage(input: BookingPageInput): Promise<BookingPage> {
  const i = parseInput(pageSchema, input);
  if (i.from && i.to && i.to <= i.from) throw new InputError("to", "must be after from");
  const cursor = i.after ? decodeCursor(i.after) : null;
  const where: Prisma.BookingWhereInput = {
    tenantId: i.tenantId,
    ...(i.status ? { status: i.status } : {}),
    ...(i.appointmentTypeId ? { appointmentTypeId: i.appointmentTypeId } : {}),
    startsAt: { ...(i.from ? { gte: i.from } : {}), ...(i.to ? { lt: i.to } : {}) },
    ...(cursor
      ? {
          OR: [{ startsAt: { gt: cursor.startsAt } }, { startsAt: cursor.startsAt, id: { gt: cursor.id } }],
        }
      : {}),
  };
  const rows = await forTenant(i.tenantId).booking.findMany({
    where,
    include: { appointmentType: { select: { name: true } } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: i.limit + 1,
  });
  const more = rows.length > i.limit;
  const items = (more ? rows.slice(0, i.limit) : rows).map(({ appointmentType, ...b }) => ({
    ...b,
    appointmentTypeName: appointmentType.name,
  }));
  const last = items[items.length - 1];
  return { items, nextCursor: more && last ? encodeCursor(last.startsAt, last.id) : null };
}

/** One booking of a business, or booking_not_found (another business's id looks the same). */
export async function getBooking(tenantId: string, bookingId: string): Promise<BookingListItem> {
  const row = await forTenant(tenantId).booking.findFirst({
    where: { tenantId, id: bookingId },
    include: { appointmentType: { select: { name: true } } },
  });
  if (!row) throw new BookingError("booking_not_found", "That booking wasn't found.");
  const { appointmentType, ...b } = row;
  return { ...b, appointmentTypeName: appointmentType.name };
}
