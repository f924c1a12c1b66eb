-- AlterTable
ALTER TABLE "PhoneNumber" ADD COLUMN     "requireSecureMedia" BOOLEAN NOT NULL DEFAULT false;

