// Prisma's CLI configuration: `prisma migrate deploy / status / dev / diff / resolve` act on the
// database DATABASE_URL names (read as the app reads it, .env files included), with that
// provider's schema and migrations: prisma/ for SQLite, prisma/postgres/ for PostgreSQL.
import path from "node:path";
import nextEnv from "@next/env";
import { defineConfig } from "prisma/config";

nextEnv.loadEnvConfig(import.meta.dirname);
// Prisma's CLI downloads a native schema engine, which this project cannot rely on: this stand-in
// runs Prisma's own engine, compiled to WebAssembly (scripts/prisma-schema-engine/).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "scripts/prisma-schema-engine/schema-engine.mjs");

const databaseUrl = process.env.DATABASE_URL || "file:./data/caredesk.db";
const isPostgres = /^postgres(ql)?:\/\//.test(databaseUrl);
// A relative SQLite path is relative to the working directory, as it is for the app.
const url = isPostgres ? databaseUrl : `file:${path.resolve(databaseUrl.slice("file:".length).replace(/\?.*$/, ""))}`;

export default defineConfig({
  schema: isPostgres ? "prisma/postgres/schema.prisma" : "prisma/schema.prisma",
  datasource: { url, shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL || undefined },
});
