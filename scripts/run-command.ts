// Runs a command-line entry point: an error prints its message (no stack for expected errors) and
// exits 1.
import { z } from "zod";
import { isAppError } from "../lib/errors";

export async function runCommand(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof z.ZodError) console.error(error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n"));
    else if (isAppError(error)) console.error(error.message);
    else console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
