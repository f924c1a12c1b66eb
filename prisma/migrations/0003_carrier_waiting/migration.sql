-- AlterTable
ALTER TABLE "PhoneNumber" ADD COLUMN     "waitingOn" TEXT;

