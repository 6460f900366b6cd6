-- CreateIndex
CREATE INDEX "Contact_address_idx" ON "Contact"("address");
