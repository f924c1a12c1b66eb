-- AlterEnum
ALTER TYPE "FinalizedBy" ADD VALUE 'PLACEMENT';

