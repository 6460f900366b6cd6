// A real S3-compatible server for tests and benchmarks (s3rver, on a free loopback port, storing
// in a temporary directory it removes on stop), with one bucket ready. CareDesk talks to it with
// the AWS SDK exactly as it would to S3.
import S3rver from "s3rver";
import { freePort } from "./start-server";
import { makeTempDirectory } from "./temp-directory";

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
