// The one check for a row id that arrives in a URL or a form. Prisma's cuid() and newId() both
// fit it; anything else (path tricks, uppercase, over-long input) is refused before a query runs.
import { z } from "zod";

export const idSchema = z.string().regex(/^[a-z0-9]{10,40}$/, "Unknown id.");
