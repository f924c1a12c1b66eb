-- CreateEnum
CREATE TYPE "UnbilledReason" AS ENUM ('NOT_ANSWERED', 'TEST_CALL', 'BLOCKED_CALLER', 'SHORT_CALL', 'SUSPENDED', 'OVER_CAP');

-- CreateEnum
CREATE TYPE "BlockKind" AS ENUM ('NUMBER', 'PREFIX', 'WITHHELD');

-- AlterEnum
ALTER TYPE "CallEndReason" ADD VALUE 'BLOCKED';

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "isTest" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "unbilledReason" "UnbilledReason";

-- CreateTable
CREATE TABLE "BlockedCaller" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "kind" "BlockKind" NOT NULL,
    "value" TEXT NOT NULL,
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BlockedCaller_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BlockedCaller_tenantId_kind_value_key" ON "BlockedCaller"("tenantId", "kind", "value");

-- AddForeignKey
ALTER TABLE "BlockedCaller" ADD CONSTRAINT "BlockedCaller_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

