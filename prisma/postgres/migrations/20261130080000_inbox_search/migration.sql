-- Inbox search (lib/conversations/search-conversations.ts). Expression indexes, not columns:
-- PostgreSQL computes the entries from the row itself, so they go with it (erasure, retention)
-- and nothing in Prisma's schema needs to know (scripts/db/check-schema.ts tells the drift check
-- about them). Building them indexes the existing history: on a large desk this migration takes
-- a while (see docs/benchmarks.md) and holds a write lock on Message and Contact meanwhile.

-- Trigram matching for any 3 characters of a name or a number ("7700 9001"). pg_trgm ships with
-- PostgreSQL (postgresql-contrib, part of the Debian server package). Creating it needs a role
-- allowed to (it is a "trusted" extension since PostgreSQL 13: the database owner may).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Message text: whole words. The simple configuration folds case only (no stemming, no stop
-- words, accents kept), as the SQLite index does.
CREATE INDEX "Message_text_search_idx" ON "Message" USING GIN (to_tsvector('simple'::regconfig, COALESCE("text", '')));

-- The customer: name, profile name and address in one string, matched by ILIKE '%…%'.
CREATE INDEX "Contact_search_idx" ON "Contact" USING GIN ((COALESCE("name", '') || ' ' || COALESCE("profileName", '') || ' ' || "address") gin_trgm_ops);
