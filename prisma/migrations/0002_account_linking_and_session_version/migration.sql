-- AlterEnum
ALTER TYPE "AuthTokenPurpose" ADD VALUE 'LINK_ACCOUNT';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "sessionVersion" INTEGER NOT NULL DEFAULT 0;

