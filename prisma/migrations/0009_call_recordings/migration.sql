-- CreateEnum
CREATE TYPE "RecordingState" AS ENUM ('NONE', 'RECORDING', 'PROCESSING', 'READY', 'FAILED', 'DELETED');

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "recordingRetentionDays" INTEGER NOT NULL DEFAULT 30;

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "recordingDeletedAt" TIMESTAMPTZ(3),
ADD COLUMN     "recordingDurationMs" INTEGER,
ADD COLUMN     "recordingEgressId" TEXT,
ADD COLUMN     "recordingEgressStatus" INTEGER,
ADD COLUMN     "recordingError" TEXT,
ADD COLUMN     "recordingExpiresAt" TIMESTAMPTZ(3),
ADD COLUMN     "recordingKey" TEXT,
ADD COLUMN     "recordingSizeBytes" BIGINT,
ADD COLUMN     "recordingState" "RecordingState" NOT NULL DEFAULT 'NONE';

-- CreateIndex
CREATE UNIQUE INDEX "Call_recordingEgressId_key" ON "Call"("recordingEgressId");

-- CreateIndex
CREATE INDEX "Call_recordingState_recordingExpiresAt_idx" ON "Call"("recordingState", "recordingExpiresAt");

