// The audit queue's own SQL writes the columns of audit-event-table.ts: the migrated databases must
// agree with that definition, or a new NOT NULL column would be left to a database default Prisma
// does not expect, or PostgreSQL would read a JSON field as the wrong type.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratedColumns } from "@/test/support/migrated-columns";
import { postgresServerUrl, testedProviders } from "@/test/support/providers";
import { createScratchDatabase, type ScratchDatabase } from "@/test/support/scratch-database";
import { AUDIT_EVENT } from "./audit-event-table";

describe.each(testedProviders)("the AuditEvent columns the audit queue writes, on %s", (provider) => {
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createScratchDatabase(provider, { postgresServerUrl, prefix: "caredesk_audit_columns" });
  });
  afterAll(() => scratch.drop());

  it("every defined column exists, every required one is defined", async () => {
    const columns = await migratedColumns(scratch.url, AUDIT_EVENT.name);
    const defined = Object.keys(AUDIT_EVENT.columns);
    expect(columns.length).toBeGreaterThan(0);
    expect(defined.filter((name) => !columns.some((column) => column.name === name))).toEqual([]);
    expect(columns.filter((column) => column.isRequired && !defined.includes(column.name)).map((column) => column.name)).toEqual([]);
  });

  it.runIf(provider === "postgresql")("each defined column's kind names its PostgreSQL type", async () => {
    const columns = await migratedColumns(scratch.url, AUDIT_EVENT.name);
    const kindTypes = Object.entries(AUDIT_EVENT.columns).map(([name, kind]) => [name, kind.postgresType]);
    expect(kindTypes).toEqual(kindTypes.map(([name]) => [name, columns.find((column) => column.name === name)?.postgresType]));
  });
});
