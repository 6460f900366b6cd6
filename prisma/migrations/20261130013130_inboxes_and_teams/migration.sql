-- CreateTable
CREATE TABLE "Inbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'application',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- The two inboxes every install has: the application from the environment (every existing
-- conversation came in through it) and Unrouted.
INSERT INTO "Inbox" ("id", "name", "kind", "createdAt", "updatedAt") VALUES
    ('cinboxenvironment00000001', 'Default', 'environment', strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')),
    ('cinboxunrouted00000000001', 'Unrouted', 'unrouted', strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'), strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now'));

-- CreateTable
CREATE TABLE "InboxAddress" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "inboxId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    CONSTRAINT "InboxAddress_inboxId_fkey" FOREIGN KEY ("inboxId") REFERENCES "Inbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    PRIMARY KEY ("teamId", "userId"),
    CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TeamMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TeamInbox" (
    "teamId" TEXT NOT NULL,
    "inboxId" TEXT NOT NULL,

    PRIMARY KEY ("teamId", "inboxId"),
    CONSTRAINT "TeamInbox_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "TeamInbox_inboxId_fkey" FOREIGN KEY ("inboxId") REFERENCES "Inbox" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

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
    "isUnread" BOOLEAN NOT NULL DEFAULT true,
    "assigneeId" TEXT,
    "lastMessageAt" DATETIME NOT NULL,
    "lastMessagePreview" TEXT NOT NULL DEFAULT '',
    "resolvedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Conversation_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Conversation_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Conversation_inboxId_fkey" FOREIGN KEY ("inboxId") REFERENCES "Inbox" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Conversation" ("inboxId", "assigneeId", "businessNumber", "channel", "contactId", "createdAt", "id", "isUnread", "lastMessageAt", "lastMessagePreview", "resolvedAt", "status", "updatedAt") SELECT 'cinboxenvironment00000001', "assigneeId", "businessNumber", "channel", "contactId", "createdAt", "id", "isUnread", "lastMessageAt", "lastMessagePreview", "resolvedAt", "status", "updatedAt" FROM "Conversation";
DROP TABLE "Conversation";
ALTER TABLE "new_Conversation" RENAME TO "Conversation";
CREATE INDEX "Conversation_lastMessageAt_id_idx" ON "Conversation"("lastMessageAt", "id");
CREATE INDEX "Conversation_status_lastMessageAt_id_idx" ON "Conversation"("status", "lastMessageAt", "id");
CREATE INDEX "Conversation_assigneeId_lastMessageAt_id_idx" ON "Conversation"("assigneeId", "lastMessageAt", "id");
CREATE INDEX "Conversation_inboxId_lastMessageAt_id_idx" ON "Conversation"("inboxId", "lastMessageAt", "id");
CREATE UNIQUE INDEX "Conversation_contactId_businessNumber_channel_key" ON "Conversation"("contactId", "businessNumber", "channel");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "InboxAddress_address_key" ON "InboxAddress"("address");

-- CreateIndex
CREATE INDEX "InboxAddress_inboxId_idx" ON "InboxAddress"("inboxId");

-- CreateIndex
CREATE UNIQUE INDEX "Team_name_key" ON "Team"("name");

-- CreateIndex
CREATE INDEX "TeamMember_userId_idx" ON "TeamMember"("userId");

-- CreateIndex
CREATE INDEX "TeamInbox_inboxId_idx" ON "TeamInbox"("inboxId");
