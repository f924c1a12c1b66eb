-- AlterEnum
ALTER TYPE "AuthTokenPurpose" ADD VALUE 'LINK_ACCOUNT';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "transcriptCompletedAt" TIMESTAMPTZ(3),
ADD COLUMN     "transcriptUnwritten" INTEGER NOT NULL DEFAULT 0;

