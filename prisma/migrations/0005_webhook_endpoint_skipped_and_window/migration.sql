-- AlterEnum
ALTER TYPE "WebhookDeliveryStatus" ADD VALUE 'SKIPPED';

-- AlterTable
ALTER TABLE "WebhookEndpoint" ADD COLUMN     "failingSince" TIMESTAMPTZ(3);

