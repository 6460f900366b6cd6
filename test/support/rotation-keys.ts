// The master keys a key-rotation test moves between, and how it switches them in this process:
// MEDIA_ENCRYPTION_KEY and MEDIA_ENCRYPTION_OLD_KEYS stubbed (restoreMasterKeys puts them back),
// the environment read again, and the inboxes' opened secrets forgotten (they were opened with
// the keys of before).
import { vi } from "vitest";
import { forgetInboxApplications } from "@/lib/inboxes/inbox-applications";
import { reloadEnv } from "@/lib/env";
import { makeTestMasterKey } from "./archive-for-test";

export const rotationKeys = { a: makeTestMasterKey("key-a").envValue, b: makeTestMasterKey("key-b").envValue, c: makeTestMasterKey("key-c").envValue };

/** `current` as MEDIA_ENCRYPTION_KEY (none when undefined), `old` as MEDIA_ENCRYPTION_OLD_KEYS. */
export function useMasterKeys(current: string | undefined, old: string[] = []): void {
  vi.stubEnv("MEDIA_ENCRYPTION_KEY", current ?? "");
  vi.stubEnv("MEDIA_ENCRYPTION_OLD_KEYS", old.join(","));
  reloadEnv();
  forgetInboxApplications();
}

export function restoreMasterKeys(): void {
  vi.unstubAllEnvs();
  reloadEnv();
  forgetInboxApplications();
}
