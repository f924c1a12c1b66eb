-- AlterTable
ALTER TABLE "BookingCalendar" ADD COLUMN     "connectedAt" TIMESTAMPTZ(3),
ADD COLUMN     "connectionBrokenAt" TIMESTAMPTZ(3),
ADD COLUMN     "connectionError" TEXT,
ADD COLUMN     "googleAccessToken" TEXT,
ADD COLUMN     "googleBusyCalendarIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "googleCalendarId" TEXT,
ADD COLUMN     "googleEmail" TEXT,
ADD COLUMN     "googleRefreshToken" TEXT,
ADD COLUMN     "googleTokenExpiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "lastSyncAt" TIMESTAMPTZ(3);

