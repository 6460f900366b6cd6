-- CreateTable
CREATE TABLE "CannedReply" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shortcut" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CannedReply_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ReplyTemplate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "parameters" JSONB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Message" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "messageUuid" TEXT,
    "conversationId" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "messageType" TEXT NOT NULL,
    "fromAddress" TEXT NOT NULL,
    "toAddress" TEXT NOT NULL,
    "text" TEXT,
    "content" JSONB,
    "replyToMessageUuid" TEXT,
    "clientRef" TEXT,
    "rawPayload" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT,
    "statusAt" DATETIME,
    "authorId" TEXT,
    "sendState" TEXT,
    "sendAttempts" INTEGER NOT NULL DEFAULT 0,
    "sendNextAttemptAt" DATETIME,
    "sendLeaseUntil" DATETIME,
    "sendError" TEXT,
    "sendOptions" JSONB,
    CONSTRAINT "Message_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Message_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Message" ("channel", "clientRef", "content", "conversationId", "direction", "fromAddress", "id", "messageType", "messageUuid", "rawPayload", "receivedAt", "replyToMessageUuid", "sentAt", "status", "statusAt", "text", "toAddress") SELECT "channel", "clientRef", "content", "conversationId", "direction", "fromAddress", "id", "messageType", "messageUuid", "rawPayload", "receivedAt", "replyToMessageUuid", "sentAt", "status", "statusAt", "text", "toAddress" FROM "Message";
DROP TABLE "Message";
ALTER TABLE "new_Message" RENAME TO "Message";
CREATE UNIQUE INDEX "Message_messageUuid_key" ON "Message"("messageUuid");
CREATE INDEX "Message_conversationId_sentAt_id_idx" ON "Message"("conversationId", "sentAt", "id");
CREATE INDEX "Message_sendState_sendNextAttemptAt_idx" ON "Message"("sendState", "sendNextAttemptAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "CannedReply_shortcut_key" ON "CannedReply"("shortcut");

-- CreateIndex
CREATE UNIQUE INDEX "ReplyTemplate_name_locale_key" ON "ReplyTemplate"("name", "locale");
