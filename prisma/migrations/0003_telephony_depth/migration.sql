-- AlterTable
ALTER TABLE "PhoneNumber" ADD COLUMN     "requireSecureMedia" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "waitingOn" TEXT;

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "keypadMenu" JSONB;

