-- CreateTable
CREATE TABLE "Inbox" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'application',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Inbox_pkey" PRIMARY KEY ("id")
);

-- The two inboxes every install has: the application from the environment (every existing
-- conversation came in through it) and Unrouted.
INSERT INTO "Inbox" ("id", "name", "kind", "updatedAt") VALUES
    ('cinboxenvironment00000001', 'Default', 'environment', CURRENT_TIMESTAMP),
    ('cinboxunrouted00000000001', 'Unrouted', 'unrouted', CURRENT_TIMESTAMP);

-- AlterTable
ALTER TABLE "Conversation" ADD COLUMN "inboxId" TEXT NOT NULL DEFAULT 'cinboxenvironment00000001';

-- CreateTable
CREATE TABLE "InboxAddress" (
    "id" TEXT NOT NULL,
    "inboxId" TEXT NOT NULL,
    "address" TEXT NOT NULL,

    CONSTRAINT "InboxAddress_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("teamId","userId")
);

-- CreateTable
CREATE TABLE "TeamInbox" (
    "teamId" TEXT NOT NULL,
    "inboxId" TEXT NOT NULL,

    CONSTRAINT "TeamInbox_pkey" PRIMARY KEY ("teamId","inboxId")
);

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

-- CreateIndex
CREATE INDEX "Conversation_inboxId_lastMessageAt_id_idx" ON "Conversation"("inboxId", "lastMessageAt", "id");

-- AddForeignKey
ALTER TABLE "Conversation" ADD CONSTRAINT "Conversation_inboxId_fkey" FOREIGN KEY ("inboxId") REFERENCES "Inbox"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboxAddress" ADD CONSTRAINT "InboxAddress_inboxId_fkey" FOREIGN KEY ("inboxId") REFERENCES "Inbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamInbox" ADD CONSTRAINT "TeamInbox_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamInbox" ADD CONSTRAINT "TeamInbox_inboxId_fkey" FOREIGN KEY ("inboxId") REFERENCES "Inbox"("id") ON DELETE CASCADE ON UPDATE CASCADE;
