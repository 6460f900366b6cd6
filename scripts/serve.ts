// npm run up (after the build): serves CareDesk with `next start`, with the environment and .env
// (scripts/load-env.ts: PORT and AUTH_SECRET from .env count too). Without AUTH_SECRET, it uses a
// random secret kept in ./data/.auth-secret (made on first run), so the quick start needs no setup;
// production deployments set AUTH_SECRET themselves.
import "./load-env";
import { spawn } from "node:child_process";
import path from "node:path";
import { localAuthSecret } from "../lib/auth/resolve-auth-secret";

const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
if (!env.AUTH_SECRET) env.AUTH_SECRET = localAuthSecret();
if (!env.ADMIN_EMAIL) {
  console.log("First time? Create an admin with: npm run user:create -- --email you@example.com --role admin\n");
}
const child = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", ...process.argv.slice(2)], {
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
