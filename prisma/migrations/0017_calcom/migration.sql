-- AlterTable
ALTER TABLE "BookingCalendar" ADD COLUMN     "calcomApiKey" TEXT,
ADD COLUMN     "calcomEmail" TEXT;

-- AlterTable
ALTER TABLE "AppointmentType" ADD COLUMN     "calcomEventTypeId" INTEGER;

