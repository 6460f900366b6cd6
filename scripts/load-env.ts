// Command-line tools read their configuration as `next start` does: the environment first, then
// this directory's .env files (.env.production.local, .env.local, .env.production, .env), so a tool
// and the server it works beside see the same DATABASE_URL and keys. Import it first.
import nextEnv from "@next/env";

nextEnv.loadEnvConfig(process.cwd());
