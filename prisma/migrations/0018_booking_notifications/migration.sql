-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'BOOKING';

-- AlterTable
ALTER TABLE "Booking" ADD COLUMN     "callerSmsAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "callerSmsError" TEXT,
ADD COLUMN     "callerSmsPending" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "changeSeq" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "noticePending" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "NotificationDelivery" ADD COLUMN     "bookingId" TEXT;

-- CreateIndex
CREATE INDEX "Booking_noticePending_idx" ON "Booking"("noticePending");

-- CreateIndex
CREATE INDEX "Booking_callerSmsPending_idx" ON "Booking"("callerSmsPending");


-- Bookings made before notifications existed are not announced now.
UPDATE "Booking" SET "noticePending" = false, "callerSmsPending" = false;
