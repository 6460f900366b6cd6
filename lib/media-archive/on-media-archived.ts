// Called once an item's original is archived (its StoredFile row committed): the place for work
// that needs the archived file, such as making its preview. It must not throw for a file it
// cannot handle; the archiver logs what it does throw and carries on.
import "server-only";

export async function onMediaArchived(mediaItemId: string): Promise<void> {
  void mediaItemId;
}
