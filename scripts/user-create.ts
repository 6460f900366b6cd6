// npm run user:create -- --email EMAIL --role admin|agent [--name NAME]
// Adds a person to CareDesk's database (DATABASE_URL). The password comes from standard input when
// it is not a terminal (`echo "$PASSWORD" | npm run user:create -- …`), else it is asked for.
// It runs `prisma migrate deploy` first when the database is not up to date, so it works on a
// database nothing has served yet, and beside a running CareDesk (whose SQLite file migrate
// could not have to itself) when it is.
import "./load-env";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { deployMigrations } from "./db/run-prisma";
import { getDb } from "../lib/db";
import { getEnv } from "../lib/env";
import { findMigrationProblem } from "../lib/startup/check-migrations-applied";
import { createUser } from "../lib/users/create-user";
import { runCommand } from "./run-command";

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = "";
    for await (const chunk of process.stdin) text += chunk;
    return text.replace(/\r?\n$/, "");
  }
  // Prompt without echoing what is typed.
  process.stdout.write("Password (10+ characters): ");
  const input = createInterface({ input: process.stdin, output: undefined, terminal: true });
  process.stdin.setRawMode?.(true);
  return new Promise((resolve) => {
    let password = "";
    process.stdin.on("data", (data: Buffer) => {
      for (const char of data.toString("utf8")) {
        if (char === "\r" || char === "\n") {
          process.stdin.setRawMode?.(false);
          input.close();
          process.stdout.write("\n");
          resolve(password);
          return;
        }
        if (char === "\u0003") process.exit(130);
        password = char === "\u007f" ? password.slice(0, -1) : password + char;
      }
    });
  });
}

/** Whether migrations must be deployed first: any problem, or no database to read yet (deploy makes it). */
async function needsDeploy(): Promise<boolean> {
  try {
    return (await findMigrationProblem()) !== undefined;
  } catch {
    // A SQLite file whose folder does not exist yet, a PostgreSQL database not created: deploy creates them.
    return true;
  } finally {
    // Prisma's migrate on SQLite needs the file to itself: this process lets go of it first.
    await getDb().$disconnect();
  }
}

await runCommand(async () => {
  const { values } = parseArgs({ options: { email: { type: "string" }, role: { type: "string", default: "agent" }, name: { type: "string" } } });
  if (!values.email) throw new Error("Usage: npm run user:create -- --email you@example.com --role admin|agent [--name 'Your Name']");
  if (await needsDeploy()) await deployMigrations(getEnv().DATABASE_URL);
  const password = await readPassword();
  const user = await createUser({ email: values.email, role: values.role as "admin" | "agent", name: values.name, password }, null, {
    mustChangePassword: false,
  });
  console.log(`Added ${user.email} (${user.role}). They can sign in now.`);
});
