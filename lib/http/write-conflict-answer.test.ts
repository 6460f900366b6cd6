import { DriverAdapterError } from "@prisma/driver-adapter-utils";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/sqlite/client";
import { errorResponse } from "./error-response";
import { formStateFromError } from "./form-state";

// Two admins changing people at once: the losing transaction fails in one of these forms,
// depending on the provider and on whether it failed mid-way or at commit.
const adapterError = (cause: Record<string, unknown>) => new DriverAdapterError(cause as ConstructorParameters<typeof DriverAdapterError>[0]);
const conflicts: [string, unknown][] = [
  ["Prisma's P2034", new Prisma.PrismaClientKnownRequestError("Transaction failed due to a write conflict or a deadlock", { code: "P2034", clientVersion: "7" })],
  ["the adapter's TransactionWriteConflict at commit", adapterError({ kind: "TransactionWriteConflict" })],
  ["PostgreSQL's serialization failure (40001)", adapterError({ kind: "postgres", code: "40001", message: "could not serialize access" })],
  ["a conflict wrapped as the cause", new Error("commit failed", { cause: adapterError({ kind: "TransactionWriteConflict" }) })],
];
const silentLogger = pino({ level: "silent" });

describe("a write conflict", () => {
  it.each(conflicts)("%s answers 409 with try again", async (_, error) => {
    const response = errorResponse(error, "request-1", silentLogger);
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: { code: "conflict", message: "Someone changed this at the same time. Try again.", requestId: "request-1" } });
  });

  it.each(conflicts)("%s tells the form to try again", (_, error) => {
    expect(formStateFromError(error)).toEqual({ error: "Someone changed this at the same time. Try again." });
  });

  it("leaves other errors a generic 500", async () => {
    const response = errorResponse(new TypeError("x is not a function"), "request-2", silentLogger);
    expect(response.status).toBe(500);
    expect(formStateFromError(adapterError({ kind: "UniqueConstraintViolation", constraint: { fields: ["email"] } })).error).toMatch(/Something went wrong/);
  });
});
