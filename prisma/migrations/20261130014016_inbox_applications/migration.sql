-- AlterTable
ALTER TABLE "Inbox" ADD COLUMN "apiKey" TEXT;
ALTER TABLE "Inbox" ADD COLUMN "applicationId" TEXT;
ALTER TABLE "Inbox" ADD COLUMN "sealedPrivateKey" TEXT;
ALTER TABLE "Inbox" ADD COLUMN "sealedSignatureSecret" TEXT;
ALTER TABLE "Inbox" ADD COLUMN "secretsKeyId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Inbox_applicationId_key" ON "Inbox"("applicationId");
