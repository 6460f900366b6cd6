// A real S3-compatible server for tests and benchmarks (s3rver, on a free loopback port, storing
// in a temporary directory it removes on stop), with one bucket ready. CareDesk talks to it with
// the AWS SDK exactly as it would to S3.
import { createHash } from "node:crypto";
import { mkdir, open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import S3rver from "s3rver";
import { freePort } from "./start-server";
import { makeTempDirectory } from "./temp-directory";

/** The part of s3rver's file store (lib/stores/filesystem.js, untyped) that its PUT goes through. */
type S3rverObject = { bucket: string; key: string; content: Buffer | Readable; metadata: Record<string, string> };
type S3rverFileStore = {
  getResourcePath(bucket: string, key: string, resource: string): string;
  putMetadata(bucket: string, key: string, metadata: Record<string, string>, md5: string): Promise<void>;
  putObject(object: S3rverObject): Promise<{ size: number; md5: string }>;
};

/** Creates the file, and its folder again when a DELETE of another object removed it as empty meanwhile. */
async function createFile(file: string): Promise<FileHandle> {
  for (let attempt = 1; ; attempt++) {
    await mkdir(path.dirname(file), { recursive: true });
    try {
      return await open(file, "w");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT" || attempt === 5) throw error;
    }
  }
}

/**
 * s3rver 3.7.1 answers a PUT before the object's file is written and leaves errors of that write
 * unhandled, while a DELETE removes the folders it leaves empty. Three CareDesk instances checking
 * the storage at once (each writes and removes an object under `checks/`) could so remove the
 * folder under another's write: ENOENT, uncaught, ended the test run (cluster suite, 30 November).
 * Its PUT now writes the whole file, then answers; a failed write fails that PUT.
 */
function writeBeforeAnswering(store: S3rverFileStore): void {
  store.putObject = async (object) => {
    const file = await createFile(store.getResourcePath(object.bucket, object.key, "object"));
    const md5 = createHash("md5");
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        md5.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    const content = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
    await pipeline(content, measure, file.createWriteStream());
    const digest = md5.digest("hex");
    await store.putMetadata(object.bucket, object.key, object.metadata, digest);
    return { size, md5: digest };
  };
}

export type S3Server = {
  endpoint: string;
  bucket: string;
  /** What a CareDesk server needs to use this bucket (MEDIA_STORAGE_URL and the AWS_* variables). */
  env(prefix?: string): Record<string, string>;
  stop(): Promise<void>;
};

export async function startS3Server(bucket = "caredesk-media"): Promise<S3Server> {
  const directory = makeTempDirectory("caredesk-s3");
  const port = await freePort();
  const server = new S3rver({ address: "127.0.0.1", port, directory: directory.path, silent: true, configureBuckets: [{ name: bucket, configs: [] }] });
  writeBeforeAnswering((server as unknown as { store: S3rverFileStore }).store);
  try {
    await server.run();
  } catch (error) {
    await directory.remove();
    throw error;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: (prefix = "archive") => ({
      MEDIA_STORAGE_URL: `s3://${bucket}/${prefix}`,
      MEDIA_S3_ENDPOINT: endpoint,
      MEDIA_S3_FORCE_PATH_STYLE: "true",
      AWS_ACCESS_KEY_ID: "S3RVER",
      AWS_SECRET_ACCESS_KEY: "S3RVER",
      AWS_REGION: "us-east-1",
    }),
    async stop() {
      await server.close();
      await directory.remove();
    },
  };
}
