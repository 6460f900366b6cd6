import path from "node:path";

export type DatabaseProvider = "sqlite" | "postgresql";

export type DatabaseTarget =
  | { provider: "sqlite"; url: string; filePath: string }
  | { provider: "postgresql"; url: string };

/**
 * Reads a DATABASE_URL: `file:<path>` selects the embedded SQLite database (the path is relative
 * to the working directory), `postgres://` or `postgresql://` selects PostgreSQL.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith("file:")) {
    const filePath = url.slice("file:".length).replace(/\?.*$/, "");
    if (!filePath) throw new Error("DATABASE_URL `file:` needs a path, e.g. file:./data/caredesk.db");
    return { provider: "sqlite", url, filePath: filePath === ":memory:" ? filePath : path.resolve(filePath) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { provider: "postgresql", url };
  throw new Error("DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)");
}

/** The migrations folder Prisma expects next to each provider's schema. */
export function migrationsDirectory(provider: DatabaseProvider, root = process.cwd()): string {
  return provider === "sqlite"
    ? path.join(root, "prisma", "migrations")
    : path.join(root, "prisma", "postgres", "migrations");
}

export function schemaPath(provider: DatabaseProvider, root = process.cwd()): string {
  return provider === "sqlite"
    ? path.join(root, "prisma", "schema.prisma")
    : path.join(root, "prisma", "postgres", "schema.prisma");
}
