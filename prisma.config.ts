// Prisma's CLI configuration: `prisma migrate deploy / status / dev / diff / resolve` act on the
// database DATABASE_URL names (read as the app reads it, .env files included), with that
// provider's schema and migrations: prisma/ for SQLite, prisma/postgres/ for PostgreSQL.
import path from "node:path";
import nextEnv from "@next/env";
import { defineConfig } from "prisma/config";
import { parseDatabaseUrl } from "./lib/db/database-url";

nextEnv.loadEnvConfig(import.meta.dirname);
// Prisma's CLI downloads a native schema engine, which this project cannot rely on: this stand-in
// runs Prisma's own engine, compiled to WebAssembly (scripts/prisma-schema-engine/).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "scripts/prisma-schema-engine/schema-engine.mjs");

// Read as the app reads it: a relative SQLite path is relative to the working directory.
const database = parseDatabaseUrl(process.env.DATABASE_URL || "file:./data/caredesk.db");
const url = database.provider === "sqlite" ? `file:${database.filePath}` : database.url;
// Only a shadow database of the same provider: a PostgreSQL one in .env must not reach SQLite.
const shadowUrl = process.env.SHADOW_DATABASE_URL;
const shadowDatabaseUrl = shadowUrl && parseDatabaseUrl(shadowUrl).provider === database.provider ? shadowUrl : undefined;

// The inbox search's FTS5 tables (prisma/migrations/*_inbox_search), with the shadow tables FTS5
// keeps their index in. Prisma's schema cannot describe virtual tables: without this list its
// drift check (npm run db:check) and \`migrate dev\` would want to drop them. The migration creates
// them and its triggers keep them; Prisma leaves them alone.
const SQLITE_SEARCH_TABLES = ["MessageSearch", "ContactSearch"].flatMap((table) => [table, ...["config", "data", "docsize", "idx"].map((shadow) => `${table}_${shadow}`)]);

export default defineConfig({
  schema: database.provider === "postgresql" ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma",
  datasource: { url, shadowDatabaseUrl },
  experimental: { externalTables: true },
  tables: { external: database.provider === "sqlite" ? SQLITE_SEARCH_TABLES : [] },
});
