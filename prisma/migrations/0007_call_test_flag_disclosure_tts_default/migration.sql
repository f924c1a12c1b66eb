-- AlterTable
ALTER TABLE "Agent" ALTER COLUMN "ttsModel" SET DEFAULT 'deepgram/aura-2';

-- AlterTable (Call.isTest arrives with 0006_block_list_unbilled_calls, which #13 and #11 both needed)
ALTER TABLE "Call" ADD COLUMN     "disclosureFinishedAt" TIMESTAMPTZ(3);
