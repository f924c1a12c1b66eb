-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "keypadMenu" JSONB;

