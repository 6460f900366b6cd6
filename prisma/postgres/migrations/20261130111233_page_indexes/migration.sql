-- CreateIndex
CREATE INDEX "Contact_address_idx" ON "Contact"("address");

-- CreateIndex
CREATE INDEX "Conversation_status_inboxId_assigneeId_lastInboundAt_id_idx" ON "Conversation"("status", "inboxId", "assigneeId", "lastInboundAt", "id");
