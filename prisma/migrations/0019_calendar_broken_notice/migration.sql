-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'CALENDAR_BROKEN';

-- AlterTable
ALTER TABLE "BookingCalendar" ADD COLUMN     "brokenNoticePending" BOOLEAN NOT NULL DEFAULT false;

