// A table as CareDesk's own SQL writes it: its name and its columns, each with the kind of value
// it takes. INSERT statements take their column list and their values from one such definition,
// so the order of the values can never drift from the order of the columns.
import "server-only";
import { Prisma } from "../generated/sqlite/client";
import type { AnyColumnKind, SqlParameter, ValueOf } from "./sql-dialect";

type Columns = Record<string, AnyColumnKind>;

/**
 * One row's values by column name: every column, each a value of its kind or an SQL expression
 * (another row's id inside the same statement, a field read from JSON).
 */
export type RowOf<Table extends { columns: Columns }> = { [Name in keyof Table["columns"]]: ValueOf<Table["columns"][Name]> | Prisma.Sql };

export type TableDefinition<C extends Columns> = {
  name: string;
  columns: C;
  /** `"Table" ("a", "b", …)`, for `INSERT INTO ${table.target} …`. */
  target: Prisma.Sql;
  /** The row's values in the columns' order, for `VALUES (…)` or `SELECT …`. */
  values(row: { [Name in keyof C]: ValueOf<C[Name]> | Prisma.Sql }): Prisma.Sql;
};

export function defineTable<C extends Columns>(name: string, columns: C): TableDefinition<C> {
  const names = Object.keys(columns) as (keyof C & string)[];
  const kinds = names.map((column) => columns[column]!);
  const target = Prisma.raw(`"${name}" (${names.map((column) => `"${column}"`).join(", ")})`);
  return {
    name,
    columns,
    target,
    values: (row) => {
      const values: (Prisma.Sql | SqlParameter)[] = new Array(names.length);
      for (let index = 0; index < names.length; index++) {
        const value = row[names[index]!];
        // A kind's parameter type is checked by RowOf where the row is written.
        values[index] = value instanceof Prisma.Sql ? value : kinds[index]!.toParameter(value as never);
      }
      return Prisma.join(values);
    },
  };
}
