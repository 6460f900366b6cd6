// npm run demo: CareDesk on a fresh embedded database (./data/demo/), with the local Vonage
// stand-ins, a demo admin and agent, and a dozen conversations with photos, a voice note, videos
// and documents to read and reply to. For a first look without a Vonage account. Ctrl-C stops it
// and removes ./data/demo/ (after a crash it stays, with the server's log).
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { localAuthSecret } from "@/lib/auth/resolve-auth-secret";
import { deployMigrations } from "../db/run-prisma";
import { startDemo } from "./start-demo";

const directory = path.resolve("data", "demo");
if (!existsSync(path.join(".next", "BUILD_ID")) || process.argv.includes("--build")) {
  console.log("Building CareDesk (first run only)…");
  const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
rmSync(directory, { recursive: true, force: true });
const databaseUrl = `file:${path.join(directory, "caredesk.db")}`;
console.log("Creating the demo database (prisma migrate deploy)…");
await deployMigrations(databaseUrl);
console.log("Starting CareDesk with the local Vonage stand-ins…");
const demo = await startDemo({
  databaseUrl,
  directory,
  port: Number(process.env.PORT ?? 3000),
  authSecret: process.env.AUTH_SECRET ?? localAuthSecret(),
});
const url = `http://localhost:${demo.server.port}`;
console.log(`
CareDesk demo is running: ${url}

  admin  ${demo.admin.email}  /  ${demo.admin.password}
  agent  ${demo.agent.email}  /  ${demo.agent.password}

Reply from any thread: the local Messages API takes it and ticks it Sent, Delivered, Read; type /thanks or /refund; Grace Mensah's 24 hours are over, so she gets the template.

Fire another customer message at it:
  VONAGE_SIGNATURE_SECRET=${demo.signatureSecret} VONAGE_API_KEY=${demo.apiKey} npm run vonage:send -- inbound --url ${url} --channel whatsapp --type text --text "Hello again"

Server log: ${demo.server.logFile}. Press Ctrl-C to stop.
`);
let stopping: Promise<void> | undefined;
/**
 * Once, however many of the signal and the server's exit ask for it. The demo's directory goes
 * with it (its database, files and the key made for this run): the next run starts afresh anyway.
 */
const stop = () => {
  stopping ??= demo.stop().then(() => {
    rmSync(directory, { recursive: true, force: true });
    console.log("\nThe demo stopped; its data (./data/demo/) is removed.");
    process.exit(0);
  });
  return stopping;
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
demo.server.process.once("exit", (code, signal) => {
  // Ctrl-C (or a SIGTERM to the process group) reaches `next start` too, which may stop first,
  // with 128 + the signal's number: a stop that was asked for, not a crash.
  if (code === 0 || code === 130 || code === 143 || signal === "SIGINT" || signal === "SIGTERM") return void stop();
  console.error(`CareDesk stopped (exit ${code ?? signal}); see ${demo.server.logFile}`);
  process.exit(1);
});
