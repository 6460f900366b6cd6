// Ingestion's own SQL writes the columns of written-tables.ts: the migrated databases must agree
// with those definitions, or a new NOT NULL column would be left to a database default Prisma does
// not expect, or PostgreSQL would read a JSON field as the wrong type.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratedColumns } from "@/test/support/migrated-columns";
import { createScratchDatabase, type ScratchDatabase } from "@/test/support/scratch-database";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";
import { WRITTEN_TABLES } from "./written-tables";

describe.each(testedProviders)("the tables ingestion writes, on %s", (provider) => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase(provider, { postgresServerUrl, prefix: "caredesk_columns" });
  });
  afterAll(() => scratch.drop());

  it.each(WRITTEN_TABLES.map((table) => [table.name, table] as const))("%s: every defined column exists, every required one is defined", async (_, table) => {
    const columns = await migratedColumns(scratch.url, table.name);
    const defined = Object.keys(table.columns);
    expect(columns.length).toBeGreaterThan(0);
    expect(defined.filter((name) => !columns.some((column) => column.name === name))).toEqual([]);
    expect(columns.filter((column) => column.isRequired && !defined.includes(column.name)).map((column) => column.name)).toEqual([]);
  });

  it.runIf(provider === "postgresql").each(WRITTEN_TABLES.map((table) => [table.name, table] as const))(
    "%s: each defined column's kind names its PostgreSQL type",
    async (_, table) => {
      const columns = await migratedColumns(scratch.url, table.name);
      const kindTypes = Object.entries(table.columns).map(([name, kind]) => [name, kind.postgresType]);
      expect(kindTypes).toEqual(kindTypes.map(([name]) => [name, columns.find((column) => column.name === name)?.postgresType]));
    },
  );
});
