// A Vonage application's key pair for the stand-ins, made at run time (never committed): the
// private key goes to CareDesk as a PEM file, the public key to the media stand-in.
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { makeTempDirectory } from "../support/temp-directory";

export type FakeApplication = {
  applicationId: string;
  privateKeyPath: string;
  privateKeyPem: string;
  publicKeyPem: string;
  /** Removes the key file's directory when it was made here (not a directory the caller passed). */
  remove(): Promise<void>;
};

export function createFakeApplication(directory?: string): FakeApplication {
  const made = directory === undefined ? makeTempDirectory("caredesk-vonage-app") : undefined;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const privateKeyPath = path.join(directory ?? made!.path, "private.key");
  writeFileSync(privateKeyPath, privateKeyPem, { mode: 0o600 });
  return {
    applicationId: randomUUID(),
    privateKeyPath,
    privateKeyPem,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    remove: async () => made?.remove(),
  };
}
