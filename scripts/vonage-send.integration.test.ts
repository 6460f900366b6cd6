// npm run vonage:send from a directory whose .env holds the signature secret and CareDesk's
// address, as the README's configuration allows: the tool reads .env as the server does
// (scripts/load-env.ts) and its webhook verifies with that secret. Without a secret it says it
// sends unsigned. The receiver checks the signature with CareDesk's own verification.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhookSignature } from "@/lib/vonage/verify-webhook-signature";
import { makeTempDirectory, type TempDirectory } from "@/test/support/temp-directory";

const root = process.cwd();
const secret = randomBytes(16).toString("hex");

describe("npm run vonage:send", () => {
  let receiver: Server;
  let baseUrl: string;
  let directory: TempDirectory;
  const received: { path: string; status: number }[] = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        let status = 200;
        try {
          verifyWebhookSignature({ authorization: request.headers.authorization ?? null, body: Buffer.concat(chunks), signatureSecret: secret });
        } catch {
          status = 401;
        }
        received.push({ path: request.url ?? "", status });
        response.writeHead(status, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    directory = makeTempDirectory("caredesk-vonage-send");
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
    await directory?.remove();
  });

  // tsx as npm runs it, from another directory: the project's tsconfig for its import aliases.
  // The variables it reads are left out of the environment unless given (an empty one would count
  // as set, and .env never overrides what the environment sets).
  const send = (cwd: string, env: Record<string, string> = {}) => {
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !["VONAGE_SIGNATURE_SECRET", "VONAGE_API_KEY", "CAREDESK_URL"].includes(name)));
    // Not spawnSync: this process must stay free to answer the tool's request.
    return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--tsconfig", path.join(root, "tsconfig.json"), path.join(root, "scripts/vonage-send.ts"), "inbound", "--text", "hello"],
        { cwd, encoding: "utf8", env: { ...inherited, ...env } as NodeJS.ProcessEnv, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  };

  it("signs with the secret in .env and posts to the address there", async () => {
    await writeFile(path.join(directory.path, ".env"), `VONAGE_SIGNATURE_SECRET=${secret}\nCAREDESK_URL=${baseUrl}\n`);
    const run = await send(directory.path);
    expect(run.stderr).not.toMatch(/error|unsigned/i);
    expect(run.stdout).toContain(`POST ${baseUrl}/api/webhooks/inbound → 200`);
    expect(received.at(-1)).toEqual({ path: "/api/webhooks/inbound", status: 200 });
  });

  it("says it sends unsigned when no secret is set anywhere", async () => {
    // An empty secret in the environment: also over any .env of the project's own.
    const run = await send(root, { CAREDESK_URL: baseUrl, VONAGE_SIGNATURE_SECRET: "" });
    expect(run.stderr).toContain("No VONAGE_SIGNATURE_SECRET (environment or .env): sending the webhook unsigned");
    expect(run.stdout).toContain("→ 401");
    expect(run.status).toBe(1);
    expect(received.at(-1)).toEqual({ path: "/api/webhooks/inbound", status: 401 });
  });
});
