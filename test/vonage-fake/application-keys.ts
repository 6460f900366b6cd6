// A Vonage application's key pair for the stand-ins, made at run time (never committed): the
// private key goes to CareDesk as a PEM file, the public key to the media stand-in.
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export type FakeApplication = { applicationId: string; privateKeyPath: string; privateKeyPem: string; publicKeyPem: string };

export function createFakeApplication(directory = mkdtempSync(path.join(tmpdir(), "caredesk-vonage-app-"))): FakeApplication {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const privateKeyPath = path.join(directory, "private.key");
  writeFileSync(privateKeyPath, privateKeyPem, { mode: 0o600 });
  return { applicationId: randomUUID(), privateKeyPath, privateKeyPem, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString() };
}
