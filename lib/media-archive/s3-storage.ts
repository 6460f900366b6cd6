// Archived files in an S3-compatible bucket, through the AWS SDK (credentials and region from the
// standard AWS_* variables). Uploads stream in parts; an object appears only once complete. The
// credentials need to list the bucket (s3:ListBucket) besides getting, putting and deleting objects.
import "server-only";
import type { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { MediaStorage } from "./storage";

export function s3Storage(options: { bucket: string; prefix: string; endpoint?: string; forcePathStyle?: boolean }): MediaStorage {
  const client = new S3Client({
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
    // Checksums only where S3 requires them: some S3-compatible servers store the default
    // aws-chunked framing as the object's bytes (the files are authenticated by their own encryption).
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const objectKey = (key: string) => (options.prefix ? `${options.prefix}/${key}` : key);
  return {
    description: `s3://${options.bucket}${options.prefix ? `/${options.prefix}` : ""}${options.endpoint ? ` at ${options.endpoint}` : ""}`,
    async write(key, body) {
      await new Upload({ client, params: { Bucket: options.bucket, Key: objectKey(key), Body: body, ContentType: "application/octet-stream" } }).done();
    },
    async read(key, range) {
      const answer = await client.send(
        new GetObjectCommand({ Bucket: options.bucket, Key: objectKey(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
      return answer.Body as Readable;
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: options.bucket, Key: objectKey(key) }));
    },
    async list(folder) {
      if (!folder.endsWith("/")) throw new Error(`Not a storage folder: ${folder}`);
      const keys: string[] = [];
      let continuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: options.bucket, Prefix: objectKey(folder), ContinuationToken: continuationToken }));
        for (const object of page.Contents ?? []) if (object.Key) keys.push(options.prefix ? object.Key.slice(options.prefix.length + 1) : object.Key);
        continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (continuationToken);
      return keys;
    },
  };
}
