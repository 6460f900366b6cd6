// The database providers the current test run covers: SQLite always, PostgreSQL when
// TEST_DATABASE_URL names a server.
import type { DatabaseProvider } from "@/lib/db/database-url";

export const postgresServerUrl = process.env.TEST_DATABASE_URL;

export const testedProviders: DatabaseProvider[] = postgresServerUrl ? ["sqlite", "postgresql"] : ["sqlite"];
