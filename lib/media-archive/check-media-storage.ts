// Whether the archive's storage takes a write, checked once at start with a tiny object written
// and removed again, so an operator learns of a read-only directory or a wrong bucket from the
// start-up log rather than from failed copies.
import "server-only";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { getMediaStorage } from "./storage";

/** What is wrong with the storage, for the log; undefined when a write and a removal worked. */
export async function checkMediaStorage(): Promise<string | undefined> {
  const storage = getMediaStorage();
  const key = `checks/${randomUUID()}`;
  try {
    await storage.write(key, Readable.from([Buffer.from("caredesk storage check")]));
    await storage.remove(key);
    return undefined;
  } catch (error) {
    const code = (error as { code?: unknown; name?: unknown }).code ?? (error as { name?: unknown }).name;
    const detail = error instanceof Error ? error.message.replace(/https?:\/\/\S+/g, "(url)").slice(0, 300) : String(error);
    return `the media storage (${storage.description}) does not take writes (${typeof code === "string" ? `${code}: ` : ""}${detail}): media is not archived until it does; check MEDIA_STORAGE_URL and its permissions`;
  }
}
