-- CreateEnum
CREATE TYPE "MessageUrgency" AS ENUM ('URGENT', 'NORMAL');

-- CreateEnum
CREATE TYPE "EmailNotificationMode" AS ENUM ('ALL_MESSAGES', 'URGENT_MESSAGES', 'ALL_CALLS', 'NONE');

-- CreateEnum
CREATE TYPE "SmsNotificationMode" AS ENUM ('URGENT_MESSAGES', 'ALL_MESSAGES', 'NONE');

-- CreateEnum
CREATE TYPE "NotificationChannel" AS ENUM ('EMAIL', 'SMS');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('MESSAGE', 'CALL', 'DIGEST');

-- CreateEnum
CREATE TYPE "NotificationDeliveryStatus" AS ENUM ('PENDING', 'SENT', 'FAILED', 'CANCELLED');

-- AlterEnum
BEGIN;
CREATE TYPE "MessageStatus_new" AS ENUM ('NEW', 'SEEN', 'DONE');
ALTER TABLE "Message" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Message" ALTER COLUMN "status" TYPE "MessageStatus_new" USING ((CASE "status"::text WHEN 'READ' THEN 'SEEN' WHEN 'ARCHIVED' THEN 'DONE' ELSE "status"::text END)::"MessageStatus_new");
ALTER TYPE "MessageStatus" RENAME TO "MessageStatus_old";
ALTER TYPE "MessageStatus_new" RENAME TO "MessageStatus";
DROP TYPE "MessageStatus_old";
ALTER TABLE "Message" ALTER COLUMN "status" SET DEFAULT 'NEW';
COMMIT;

-- DropIndex
DROP INDEX "Message_tenantId_createdAt_idx";

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "notifiedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "assigneeId" TEXT,
ADD COLUMN     "note" TEXT,
ADD COLUMN     "notifiedAt" TIMESTAMPTZ(3),
ADD COLUMN     "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "urgency" "MessageUrgency" NOT NULL DEFAULT 'NORMAL';

-- CreateTable
CREATE TABLE "NotificationPreference" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "emailMode" "EmailNotificationMode" NOT NULL DEFAULT 'ALL_MESSAGES',
    "smsMode" "SmsNotificationMode" NOT NULL DEFAULT 'NONE',
    "smsNumber" TEXT,
    "digestEnabled" BOOLEAN NOT NULL DEFAULT true,
    "digestTime" TEXT NOT NULL DEFAULT '18:00',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "NotificationPreference_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotificationDelivery" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "channel" "NotificationChannel" NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "messageId" TEXT,
    "callId" TEXT,
    "digestDate" TEXT,
    "dedupeKey" TEXT NOT NULL,
    "destination" TEXT NOT NULL,
    "status" "NotificationDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "providerRef" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "NotificationDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "NotificationPreference_tenantId_userId_key" ON "NotificationPreference"("tenantId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "NotificationDelivery_dedupeKey_key" ON "NotificationDelivery"("dedupeKey");

-- CreateIndex
CREATE INDEX "NotificationDelivery_tenantId_userId_createdAt_idx" ON "NotificationDelivery"("tenantId", "userId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "NotificationDelivery_status_createdAt_idx" ON "NotificationDelivery"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Call_notifiedAt_endedAt_idx" ON "Call"("notifiedAt", "endedAt");

-- CreateIndex
CREATE INDEX "Message_tenantId_createdAt_id_idx" ON "Message"("tenantId", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Message_tenantId_status_createdAt_id_idx" ON "Message"("tenantId", "status", "createdAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Message_notifiedAt_createdAt_idx" ON "Message"("notifiedAt", "createdAt");

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationPreference" ADD CONSTRAINT "NotificationPreference_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotificationDelivery" ADD CONSTRAINT "NotificationDelivery_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Messages and calls that existed before notifications count as already notified
-- (no flood of e-mails for history on upgrade).
UPDATE "Message" SET "notifiedAt" = "createdAt" WHERE "notifiedAt" IS NULL;
UPDATE "Call" SET "notifiedAt" = COALESCE("endedAt", "startedAt") WHERE "notifiedAt" IS NULL;
