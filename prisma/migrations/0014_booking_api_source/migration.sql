-- AlterEnum
ALTER TYPE "BookingSource" ADD VALUE 'API';

