-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'BOOKING';

-- AlterTable
ALTER TABLE "Booking" ADD COLUMN     "notifiedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "NotificationDelivery" ADD COLUMN     "bookingEvent" TEXT,
ADD COLUMN     "bookingId" TEXT,
ALTER COLUMN "userId" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Booking_updatedAt_idx" ON "Booking"("updatedAt");


-- Bookings made before notifications existed are not announced now.
UPDATE "Booking" SET "notifiedAt" = "updatedAt";
