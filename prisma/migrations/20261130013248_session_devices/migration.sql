-- AlterTable
ALTER TABLE "Session" ADD COLUMN "clientAddress" TEXT;
ALTER TABLE "Session" ADD COLUMN "device" TEXT;
