-- AlterTable
ALTER TABLE "Agent" ALTER COLUMN "ttsModel" SET DEFAULT 'deepgram/aura-2';

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "disclosureFinishedAt" TIMESTAMPTZ(3),
ADD COLUMN     "isTest" BOOLEAN NOT NULL DEFAULT false;

