// Texts the person a booking is for when it is made, moved or cancelled (when
// an SMS provider is configured). Each change of a booking is texted once:
// the sweep locks due bookings (SKIP LOCKED, so any number of job processes may
// run it), sends, and clears the flag. A provider refusal (bad number) is
// recorded and not retried; a temporary failure is retried by the next sweeps,
// five attempts at most. Bookings made on test calls are never texted.
import { platformDb } from "@articulate/db";
import type { NotifierDeps } from "./notify";
import { type BookingChange, renderBookingSms } from "./render";
import { SmsError, type SmsSender } from "./sms";
import { tenantSmsSender } from "./sms-account";

const MAX_ATTEMPTS = 5;

export interface BookingTextsSummary {
  sent: number;
  skipped: number;
  failed: number;
}

/** Whether replies to this sender reach us (a number or a Twilio Messaging Service), not an alphanumeric ID. */
export function senderTakesReplies(from: string | undefined): boolean {
  return !!from && (/^\+\d{6,15}$/.test(from) || from.startsWith("MG"));
}

export async function textBookingCallers(
  deps: Pick<NotifierDeps, "sms" | "smsApiBases">,
  opts: { limit?: number } = {},
): Promise<BookingTextsSummary> {
  const limit = opts.limit ?? 20;
  const summary: BookingTextsSummary = { sent: 0, skipped: 0, failed: 0 };
  // The business's own SMS account when it has one, else the platform's (one lookup per business).
  const senders = new Map<string, SmsSender | null>();
  const senderFor = async (tenantId: string) => {
    if (!senders.has(tenantId)) {
      senders.set(tenantId, (await tenantSmsSender(tenantId, deps.smsApiBases ?? {})) ?? deps.sms);
    }
    return senders.get(tenantId) ?? null;
  };
  // platformDb(): Booking-text job: claims pending texts across every tenant.
  await platformDb().$transaction(
    async (tx) => {
      const due = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM "Booking" WHERE "callerSmsPending" ORDER BY "updatedAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
      if (due.length === 0) return;
      const rows = await tx.booking.findMany({
        where: { id: { in: due.map((d) => d.id) } },
        include: {
          appointmentType: { select: { name: true } },
          call: { select: { isTest: true, toNumber: true } },
          tenant: { select: { name: true, timezone: true } },
        },
      });
      for (const b of rows) {
        const done = (data: { callerSmsError?: string | null } = {}) =>
          tx.booking.update({ where: { id: b.id }, data: { callerSmsPending: false, callerSmsAttempts: 0, ...data } });
        if (b.call?.isTest) {
          await done({ callerSmsError: "made on a test call" });
          summary.skipped++;
          continue;
        }
        const sms = await senderFor(b.tenantId);
        if (!sms) {
          // Nothing can send it: the change is not queued up for later.
          await done({ callerSmsError: "no SMS provider is configured" });
          summary.skipped++;
          continue;
        }
        const change: BookingChange = b.status === "CANCELLED" ? "cancelled" : b.changeSeq > 1 ? "moved" : "new";
        const text = renderBookingSms({
          tenantName: b.tenant.name,
          timeZone: b.tenant.timezone,
          booking: { change, appointmentTypeName: b.appointmentType.name, startsAt: b.startsAt },
          businessNumber: b.call?.toNumber ?? null,
          senderTakesReplies: senderTakesReplies(sms.from),
        });
        try {
          await sms.send(b.callerPhone, text);
          await done({ callerSmsError: null });
          summary.sent++;
        } catch (err) {
          const reason = (err instanceof Error ? err.message : String(err)).slice(0, 500);
          const retry = err instanceof SmsError && err.retryable && b.callerSmsAttempts + 1 < MAX_ATTEMPTS;
          if (retry) {
            await tx.booking.update({
              where: { id: b.id },
              data: { callerSmsAttempts: { increment: 1 }, callerSmsError: reason },
            });
          } else {
            await done({ callerSmsError: reason });
          }
          summary.failed++;
        }
      }
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  return summary;
}
