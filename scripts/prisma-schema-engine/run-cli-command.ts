// `schema-engine --datasource {...} cli <command>`: the one-shot commands Prisma's CLI runs before
// it starts the engine (does the database exist, create it). Success is exit code 0; a failure is
// a JSON log line on stderr with Prisma's error code, which the CLI shows to the person.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { sqliteFilePath, type Datasource } from "./adapter-factory";

class EngineCliError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function withPostgres<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    const code = (error as { code?: string }).code;
    const database = new URL(url).pathname.slice(1);
    if (code === "3D000") throw new EngineCliError("P1003", `Database \`${database}\` does not exist on the database server.`);
    throw new EngineCliError("P1001", `Can't reach database server: ${(error as Error).message}`);
  }
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

function serverUrl(url: string): { server: string; database: string } {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.slice(1));
  parsed.pathname = "/postgres";
  return { server: parsed.toString(), database };
}

async function run(command: string, url: string): Promise<void> {
  const filePath = sqliteFilePath(url);
  switch (command) {
    case "can-connect-to-database":
      if (filePath !== undefined) {
        if (!existsSync(filePath)) throw new EngineCliError("P1003", `Database \`${path.basename(filePath)}\` does not exist at \`${filePath}\`.`);
        return;
      }
      return withPostgres(url, async () => {});
    case "create-database":
      if (filePath !== undefined) {
        mkdirSync(path.dirname(filePath), { recursive: true });
        if (!existsSync(filePath)) writeFileSync(filePath, "");
        return;
      }
      return withPostgres(serverUrl(url).server, async (client) => {
        await client.query(`CREATE DATABASE "${serverUrl(url).database.replaceAll('"', '""')}"`);
      });
    case "drop-database":
      if (filePath !== undefined) return void (existsSync(filePath) && writeFileSync(filePath, ""));
      return withPostgres(serverUrl(url).server, async (client) => {
        await client.query(`DROP DATABASE IF EXISTS "${serverUrl(url).database.replaceAll('"', '""')}"`);
      });
    default:
      throw new EngineCliError("P1000", `This schema engine stand-in has no \`cli ${command}\` command.`);
  }
}

export async function runCliCommand(command: string, datasource: Datasource): Promise<number> {
  try {
    await run(command, datasource.url ?? "");
    return 0;
  } catch (error) {
    const isKnown = error instanceof EngineCliError;
    const fields = { error_code: isKnown ? error.code : "P1000", message: isKnown ? error.message : String(error) };
    // The CLI drops the first stderr line, as the native engine prints a banner there.
    process.stderr.write(`\n${JSON.stringify({ level: "ERROR", target: "schema_engine::logger", fields })}\n`);
    return 1;
  }
}
