-- AlterTable
ALTER TABLE "Contact" ADD COLUMN "name" TEXT;

-- AlterTable
ALTER TABLE "LiveEvent" ADD COLUMN "userId" TEXT;

-- CreateTable
CREATE TABLE "ConversationRead" (
    "conversationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "readAt" DATETIME NOT NULL,
    "isMarkedUnread" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("conversationId", "userId"),
    CONSTRAINT "ConversationRead_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConversationRead_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Label" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "color" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ConversationLabel" (
    "conversationId" TEXT NOT NULL,
    "labelId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("conversationId", "labelId"),
    CONSTRAINT "ConversationLabel_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConversationLabel_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "Label" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConversationActivity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "conversationId" TEXT NOT NULL,
    "actorId" TEXT,
    "kind" TEXT NOT NULL,
    "detail" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConversationActivity_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConversationActivity_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- Unread becomes per person: whoever could see a conversation that was read keeps it read.
INSERT INTO "ConversationRead" ("conversationId", "userId", "readAt", "isMarkedUnread")
SELECT "Conversation"."id", "User"."id", "Conversation"."lastMessageAt", false
FROM "Conversation" CROSS JOIN "User" WHERE "Conversation"."isUnread" = false;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Conversation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "inboxId" TEXT NOT NULL DEFAULT 'cinboxenvironment00000001',
    "contactId" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "businessNumber" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "snoozedUntil" DATETIME,
    "priority" TEXT NOT NULL DEFAULT 'none',
    "assigneeId" TEXT,
    "lastMessageAt" DATETIME NOT NULL,
    "lastInboundAt" DATETIME,
    "lastMessagePreview" TEXT NOT NULL DEFAULT '',
    "resolvedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Conversation_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Conversation_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Conversation_inboxId_fkey" FOREIGN KEY ("inboxId") REFERENCES "Inbox" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Conversation" ("assigneeId", "businessNumber", "channel", "contactId", "createdAt", "id", "inboxId", "lastMessageAt", "lastMessagePreview", "resolvedAt", "status", "updatedAt") SELECT "assigneeId", "businessNumber", "channel", "contactId", "createdAt", "id", "inboxId", "lastMessageAt", "lastMessagePreview", "resolvedAt", "status", "updatedAt" FROM "Conversation";
DROP TABLE "Conversation";
ALTER TABLE "new_Conversation" RENAME TO "Conversation";
CREATE INDEX "Conversation_lastMessageAt_id_idx" ON "Conversation"("lastMessageAt", "id");
CREATE INDEX "Conversation_status_lastMessageAt_id_idx" ON "Conversation"("status", "lastMessageAt", "id");
CREATE INDEX "Conversation_assigneeId_lastMessageAt_id_idx" ON "Conversation"("assigneeId", "lastMessageAt", "id");
CREATE INDEX "Conversation_inboxId_lastMessageAt_id_idx" ON "Conversation"("inboxId", "lastMessageAt", "id");
CREATE INDEX "Conversation_status_snoozedUntil_idx" ON "Conversation"("status", "snoozedUntil");
CREATE UNIQUE INDEX "Conversation_contactId_businessNumber_channel_key" ON "Conversation"("contactId", "businessNumber", "channel");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- What unread is measured against: the customer's newest message.
UPDATE "Conversation" SET "lastInboundAt" = (
  SELECT MAX("Message"."sentAt") FROM "Message" WHERE "Message"."conversationId" = "Conversation"."id" AND "Message"."direction" = 'inbound'
);

-- CreateIndex
CREATE INDEX "ConversationRead_userId_idx" ON "ConversationRead"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Label_name_key" ON "Label"("name");

-- CreateIndex
CREATE INDEX "ConversationLabel_labelId_idx" ON "ConversationLabel"("labelId");

-- CreateIndex
CREATE INDEX "ConversationActivity_conversationId_createdAt_idx" ON "ConversationActivity"("conversationId", "createdAt");
