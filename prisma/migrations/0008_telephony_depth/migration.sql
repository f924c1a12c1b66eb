-- AlterTable
ALTER TABLE "PhoneNumber" ADD COLUMN     "requireSecureMedia" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "waitingOn" TEXT;

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "keypadMenu" JSONB;

-- CreateTable
CREATE TABLE "SipInboundAttempt" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "phoneNumberId" TEXT NOT NULL,
    "roomName" TEXT NOT NULL,
    "callerNumber" TEXT,
    "sipCallId" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "outcome" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SipInboundAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SipInboundAttempt_roomName_key" ON "SipInboundAttempt"("roomName");

-- CreateIndex
CREATE INDEX "SipInboundAttempt_tenantId_phoneNumberId_startedAt_idx" ON "SipInboundAttempt"("tenantId", "phoneNumberId", "startedAt" DESC);

