// Where archived files live: a local directory (the embedded default) or an S3-compatible bucket
// (several instances share it). Both hold only encrypted bytes (encrypted-file.ts), and a write
// becomes visible under its key only once it is complete.
import "server-only";
import type { Readable } from "node:stream";
import { getEnv } from "../env";
import { localDirectoryStorage } from "./local-storage";
import { s3Storage } from "./s3-storage";

export type MediaStorage = {
  /** For logs and the admin page: where files go (no credentials). */
  description: string;
  /** Stores the whole stream under `key`; nothing is visible there if it fails midway. */
  write(key: string, body: Readable): Promise<void>;
  /** Bytes [start, end] (inclusive) of the object, or all of it. */
  read(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /** Removes the object (and what a write of it that never finished left); removing one that is not there is not an error. */
  remove(key: string): Promise<void>;
  /**
   * The keys under `folder` (ending in "/") that hold anything: finished objects, and in a local
   * directory the partial file of a write that never finished (under the key it was writing).
   */
  list(folder: string): Promise<string[]>;
};

const holder = globalThis as unknown as { careDeskMediaStorage?: { url: string; storage: MediaStorage } };

export function storageFromUrl(url: string, options: { s3Endpoint?: string; s3ForcePathStyle?: boolean } = {}): MediaStorage {
  if (url.startsWith("s3://")) {
    const { host: bucket, pathname } = new URL(url);
    return s3Storage({ bucket, prefix: pathname.replace(/^\/+|\/+$/g, ""), endpoint: options.s3Endpoint, forcePathStyle: options.s3ForcePathStyle });
  }
  return localDirectoryStorage(url.replace(/^file:(\/\/)?/, ""));
}

/** The configured storage (MEDIA_STORAGE_URL), one per process. */
export function getMediaStorage(): MediaStorage {
  const env = getEnv();
  if (holder.careDeskMediaStorage?.url !== env.MEDIA_STORAGE_URL) {
    holder.careDeskMediaStorage = {
      url: env.MEDIA_STORAGE_URL,
      storage: storageFromUrl(env.MEDIA_STORAGE_URL, { s3Endpoint: env.MEDIA_S3_ENDPOINT, s3ForcePathStyle: env.MEDIA_S3_FORCE_PATH_STYLE === "true" }),
    };
  }
  return holder.careDeskMediaStorage.storage;
}
