-- CreateEnum
CREATE TYPE "AudioBandwidth" AS ENUM ('NARROWBAND', 'WIDEBAND');

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "audioBandwidth" "AudioBandwidth";

