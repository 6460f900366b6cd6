-- AlterTable
ALTER TABLE "MediaItem" ADD COLUMN     "archiveAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "archiveError" TEXT,
ADD COLUMN     "archiveLeaseUntil" TIMESTAMP(3),
ADD COLUMN     "archiveNextAttemptAt" TIMESTAMP(3),
ADD COLUMN     "archiveState" TEXT NOT NULL DEFAULT 'pending',
ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "StoredFile" (
    "id" TEXT NOT NULL,
    "mediaItemId" TEXT NOT NULL,
    "variant" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "plainBytes" INTEGER NOT NULL,
    "segmentBytes" INTEGER NOT NULL,
    "wrappedKey" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoredFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "StoredFile_storageKey_key" ON "StoredFile"("storageKey");

-- CreateIndex
CREATE INDEX "StoredFile_keyId_idx" ON "StoredFile"("keyId");

-- CreateIndex
CREATE UNIQUE INDEX "StoredFile_mediaItemId_variant_key" ON "StoredFile"("mediaItemId", "variant");

-- CreateIndex
CREATE INDEX "MediaItem_archiveState_archiveNextAttemptAt_idx" ON "MediaItem"("archiveState", "archiveNextAttemptAt");

-- CreateIndex
CREATE INDEX "MediaItem_archiveState_archivedAt_idx" ON "MediaItem"("archiveState", "archivedAt");

-- AddForeignKey
ALTER TABLE "StoredFile" ADD CONSTRAINT "StoredFile_mediaItemId_fkey" FOREIGN KEY ("mediaItemId") REFERENCES "MediaItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;
