// Called by the archive worker once a media item's original is stored and marked archived: what
// else the archived copy makes possible. Today that is the image preview. Nothing here may fail
// the archiving: errors are logged, and the original is served whatever happens.
import "server-only";
import { getLogger } from "../logger";
import { makeImagePreview } from "./make-image-preview";

export async function onMediaArchived(mediaItemId: string): Promise<void> {
  try {
    const outcome = await makeImagePreview(mediaItemId);
    if (outcome !== "not_an_image") getLogger().info({ mediaItemId, outcome }, "media preview");
  } catch (error) {
    getLogger().warn({ mediaItemId, err: error instanceof Error ? error.message : String(error) }, "media preview not made; thumbnails use the original");
  }
}
