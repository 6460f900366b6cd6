// Row ids for rows written with raw SQL, in the shape of Prisma's cuid() (lowercase letters and
// digits, starting with "c", 25 characters) so every id check in CareDesk accepts both.
import { randomBytes } from "node:crypto";

const RANDOM_CHARACTERS = 16;

export function newId(): string {
  const time = Date.now().toString(36).padStart(8, "0").slice(-8);
  let random = "";
  for (const byte of randomBytes(RANDOM_CHARACTERS)) random += (byte % 36).toString(36);
  return `c${time}${random}`;
}
