-- Inbox search (lib/conversations/search-conversations.ts): full-text indexes over message text
-- and the customer's name, profile name and address, kept by triggers. Prisma's schema has no
-- words for virtual tables or triggers, so they live here only (scripts/db/check-schema.ts
-- tells the drift check about them).
--
-- Both indexes are FTS5 "external content" tables: they hold the index, not a copy of the text,
-- and the triggers below remove a row's entries when the row goes (erasure, retention, a deleted
-- contact's cascade). 'secure-delete' makes those removals rewrite the index pages at once rather
-- than append delete markers, so an erased word is gone from the file, not merely unfindable.

-- Message text: whole words, case folded. Accents are kept, as in the PostgreSQL index, so both
-- databases find the same messages.
CREATE VIRTUAL TABLE "MessageSearch" USING fts5("text", content='Message', content_rowid='rowid', tokenize='unicode61 remove_diacritics 0');
INSERT INTO "MessageSearch"("MessageSearch", "rank") VALUES ('secure-delete', 1);

CREATE TRIGGER "MessageSearch_afterInsert" AFTER INSERT ON "Message" BEGIN
  INSERT INTO "MessageSearch"("rowid", "text") VALUES (new."rowid", new."text");
END;
CREATE TRIGGER "MessageSearch_afterDelete" AFTER DELETE ON "Message" BEGIN
  INSERT INTO "MessageSearch"("MessageSearch", "rowid", "text") VALUES ('delete', old."rowid", old."text");
END;
CREATE TRIGGER "MessageSearch_afterUpdate" AFTER UPDATE OF "text" ON "Message" BEGIN
  INSERT INTO "MessageSearch"("MessageSearch", "rowid", "text") VALUES ('delete', old."rowid", old."text");
  INSERT INTO "MessageSearch"("rowid", "text") VALUES (new."rowid", new."text");
END;

-- The customer: trigrams, so any 3 characters of a name or a number match ("7700 9001").
CREATE VIRTUAL TABLE "ContactSearch" USING fts5("name", "profileName", "address", content='Contact', content_rowid='rowid', tokenize='trigram remove_diacritics 1');
INSERT INTO "ContactSearch"("ContactSearch", "rank") VALUES ('secure-delete', 1);

CREATE TRIGGER "ContactSearch_afterInsert" AFTER INSERT ON "Contact" BEGIN
  INSERT INTO "ContactSearch"("rowid", "name", "profileName", "address") VALUES (new."rowid", new."name", new."profileName", new."address");
END;
CREATE TRIGGER "ContactSearch_afterDelete" AFTER DELETE ON "Contact" BEGIN
  INSERT INTO "ContactSearch"("ContactSearch", "rowid", "name", "profileName", "address") VALUES ('delete', old."rowid", old."name", old."profileName", old."address");
END;
CREATE TRIGGER "ContactSearch_afterUpdate" AFTER UPDATE OF "name", "profileName", "address" ON "Contact" BEGIN
  INSERT INTO "ContactSearch"("ContactSearch", "rowid", "name", "profileName", "address") VALUES ('delete', old."rowid", old."name", old."profileName", old."address");
  INSERT INTO "ContactSearch"("rowid", "name", "profileName", "address") VALUES (new."rowid", new."name", new."profileName", new."address");
END;

-- A desk upgrading keeps searching its history: index what is already there.
INSERT INTO "MessageSearch"("MessageSearch") VALUES ('rebuild');
INSERT INTO "ContactSearch"("ContactSearch") VALUES ('rebuild');
