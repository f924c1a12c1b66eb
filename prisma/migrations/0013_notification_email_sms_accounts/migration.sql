-- CreateEnum
CREATE TYPE "SmsProvider" AS ENUM ('TWILIO', 'TELNYX');

-- AlterTable
ALTER TABLE "NotificationPreference" ADD COLUMN     "email" TEXT;

-- CreateTable
CREATE TABLE "TenantSmsAccount" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "provider" "SmsProvider" NOT NULL,
    "accountSid" TEXT,
    "secretEncrypted" TEXT NOT NULL,
    "messagingProfileId" TEXT,
    "sender" TEXT NOT NULL,
    "verifiedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TenantSmsAccount_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TenantSmsAccount_tenantId_key" ON "TenantSmsAccount"("tenantId");

-- AddForeignKey
ALTER TABLE "TenantSmsAccount" ADD CONSTRAINT "TenantSmsAccount_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

