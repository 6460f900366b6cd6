-- CreateTable
CREATE TABLE "StoredFile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "mediaItemId" TEXT NOT NULL,
    "variant" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "plainBytes" INTEGER NOT NULL,
    "segmentBytes" INTEGER NOT NULL,
    "wrappedKey" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StoredFile_mediaItemId_fkey" FOREIGN KEY ("mediaItemId") REFERENCES "MediaItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_MediaItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "messageId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "vonageUrl" TEXT NOT NULL,
    "caption" TEXT,
    "fileName" TEXT,
    "contentType" TEXT,
    "sizeBytes" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "archiveState" TEXT NOT NULL DEFAULT 'pending',
    "archiveAttempts" INTEGER NOT NULL DEFAULT 0,
    "archiveNextAttemptAt" DATETIME,
    "archiveLeaseUntil" DATETIME,
    "archiveError" TEXT,
    "archivedAt" DATETIME,
    CONSTRAINT "MediaItem_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_MediaItem" ("caption", "contentType", "createdAt", "fileName", "id", "kind", "messageId", "position", "sizeBytes", "vonageUrl") SELECT "caption", "contentType", "createdAt", "fileName", "id", "kind", "messageId", "position", "sizeBytes", "vonageUrl" FROM "MediaItem";
DROP TABLE "MediaItem";
ALTER TABLE "new_MediaItem" RENAME TO "MediaItem";
CREATE INDEX "MediaItem_archiveState_archiveNextAttemptAt_idx" ON "MediaItem"("archiveState", "archiveNextAttemptAt");
CREATE INDEX "MediaItem_archiveState_archivedAt_idx" ON "MediaItem"("archiveState", "archivedAt");
CREATE UNIQUE INDEX "MediaItem_messageId_position_key" ON "MediaItem"("messageId", "position");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "StoredFile_storageKey_key" ON "StoredFile"("storageKey");

-- CreateIndex
CREATE INDEX "StoredFile_keyId_idx" ON "StoredFile"("keyId");

-- CreateIndex
CREATE UNIQUE INDEX "StoredFile_mediaItemId_variant_key" ON "StoredFile"("mediaItemId", "variant");
