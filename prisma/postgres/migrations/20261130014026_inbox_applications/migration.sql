-- AlterTable
ALTER TABLE "Inbox" ADD COLUMN     "apiKey" TEXT,
ADD COLUMN     "applicationId" TEXT,
ADD COLUMN     "sealedPrivateKey" TEXT,
ADD COLUMN     "sealedSignatureSecret" TEXT,
ADD COLUMN     "secretsKeyId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Inbox_applicationId_key" ON "Inbox"("applicationId");
