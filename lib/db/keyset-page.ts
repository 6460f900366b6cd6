// Keyset pagination ("everything older than the last row shown"), shared by every list that pages:
// the cost of page 50 is the cost of page 1, unlike OFFSET. A cursor is "<time in ms>_<id>".

export type KeysetCursor = { at: Date; id: string };

export const CURSOR_PATTERN = /^\d{1,15}_[a-z0-9]{1,40}$/;

export function decodeCursor(cursor: string | undefined): KeysetCursor | undefined {
  if (!cursor || !CURSOR_PATTERN.test(cursor)) return undefined;
  const [ms, id] = cursor.split("_");
  return { at: new Date(Number(ms)), id: id! };
}

/** Rows strictly after the cursor in (time desc, id desc) order. */
export function olderThan<Field extends string>(field: Field, cursor: KeysetCursor) {
  return { OR: [{ [field]: { lt: cursor.at } }, { [field]: cursor.at, id: { lt: cursor.id } }] } as {
    OR: ({ [key in Field]: { lt: Date } } | ({ [key in Field]: Date } & { id: { lt: string } }))[];
  };
}

/** Splits the size+1 rows a query fetched into the page and the cursor of the next one. */
export function toPage<Row extends { id: string }>(rows: Row[], size: number, timeOf: (row: Row) => Date): { page: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, size);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > size && last ? `${timeOf(last).getTime()}_${last.id}` : null };
}
