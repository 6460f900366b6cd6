import { getDbProvider } from "../db";

/**
 * A case-insensitive "contains" filter on either provider: SQLite's LIKE already ignores ASCII
 * case; PostgreSQL needs Prisma's `mode: "insensitive"` (ILIKE), which the SQLite client's types
 * do not know, hence the cast.
 */
export function containsText(text: string): { contains: string } {
  return (getDbProvider() === "postgresql" ? { contains: text, mode: "insensitive" } : { contains: text }) as { contains: string };
}
