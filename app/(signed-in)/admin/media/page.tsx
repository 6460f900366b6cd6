import type { Metadata } from "next";
import Link from "next/link";
import { RetryArchiveButton } from "@/components/admin/retry-archive-button";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { LocalTime, RelativeTime } from "@/components/ui/local-time";
import { requireAdmin } from "@/lib/auth/current-user";
import { getArchiveOverview } from "@/lib/media-archive/get-archive-overview";

export const metadata: Metadata = { title: "Media archive" };

function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** "1 file and 2 inboxes", leaving out a kind there is none of. */
function filesAndInboxes({ files, inboxes }: { files: number; inboxes: number }): string {
  const parts = [files ? `${files} file${files === 1 ? "" : "s"}` : "", inboxes ? `${inboxes} inbox${inboxes === 1 ? "" : "es"}` : ""];
  return parts.filter(Boolean).join(" and ");
}

const days = (value: number | null) => (value === null ? "kept" : `${value} days`);

function Figure({ label, value, detail }: { label: string; value: React.ReactNode; detail?: React.ReactNode }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-xl font-semibold">{value}</dd>
      {detail ? <dd className="mt-1 text-sm text-slate-600">{detail}</dd> : null}
    </div>
  );
}

export default async function MediaArchivePage() {
  const admin = await requireAdmin();
  const overview = await getArchiveOverview(admin);
  const { usage, counts, keyUse } = overview;
  const underOldKeys = filesAndInboxes(keyUse.underOldKeys);
  const underMissingKeys = filesAndInboxes(keyUse.underMissingKeys);
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-8">
      <div>
        <h1 className="text-2xl font-semibold">Media archive</h1>
        <p className="text-slate-600">
          Customer media copied (encrypted) before Vonage deletes it after 48 hours. Files go to {overview.storageDescription}.
        </p>
      </div>
      {underMissingKeys ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          {underMissingKeys} {keyUse.underMissingKeys.files + keyUse.underMissingKeys.inboxes === 1 ? "is" : "are"} sealed by master key{" "}
          {keyUse.underMissingKeys.keyIds.map((id) => `“${id}”`).join(", ")}, which is not configured: unreadable
          {keyUse.underMissingKeys.inboxes > 0 ? " (those inboxes' webhooks are refused)" : ""} until it is configured again (MEDIA_ENCRYPTION_KEY or
          MEDIA_ENCRYPTION_OLD_KEYS).
        </p>
      ) : null}
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Figure
          label="Archiving"
          value={overview.isArchivingOn ? <Badge tone="green">On</Badge> : <Badge tone="amber">Off</Badge>}
          detail={`${
            overview.isArchivingOn
              ? `Key ${overview.currentKeyId}${overview.oldKeyIds.length ? `; older keys still read: ${overview.oldKeyIds.join(", ")}` : ""}.`
              : "Set MEDIA_ENCRYPTION_KEY to archive new media."
          }${underOldKeys ? ` Still under older keys: ${underOldKeys} (npm run media:rewrap moves them; keep the keys until it has).` : ""}`}
        />
        <Figure
          label="Storage used"
          value={formatBytes(usage.originals.bytes + usage.previews.bytes)}
          detail={`${usage.originals.files} originals (${formatBytes(usage.originals.bytes)}), ${usage.previews.files} previews (${formatBytes(usage.previews.bytes)})`}
        />
        <Figure
          label="Waiting to be archived"
          value={counts.pending}
          detail={overview.oldestPendingSince ? <>Oldest arrived <RelativeTime date={overview.oldestPendingSince} /></> : "Nothing waiting."}
        />
        <Figure label="Failing" value={counts.failed} detail={`${counts.archived} archived, ${counts.gone} gone from Vonage, ${counts.tooLarge} too large, ${counts.deleted} deleted by retention, ${counts.notArchived} not archived`} />
      </dl>
      <section className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 className="text-lg font-semibold">Failures</h2>
          {counts.failed > 0 ? <RetryArchiveButton /> : null}
        </div>
        <DataTable columns={["File", "Why it failed", "Attempts", "Next attempt", "Actions"]} isEmpty={overview.failures.length === 0} emptyText="No failed copies.">
          {overview.failures.map((failure) => (
            <tr key={failure.id} className="align-top" data-testid="archive-failure">
              <td data-label="File" className="px-4 py-3">
                <Link href={`/conversations/${failure.conversationId}`} className="text-indigo-700 underline">
                  {failure.kind} in its conversation
                </Link>
              </td>
              <td data-label="Why it failed" className="max-w-md px-4 py-3">{failure.error ?? "No reason recorded."}</td>
              <td data-label="Attempts" className="px-4 py-3">{failure.attempts}</td>
              <td data-label="Next attempt" className="whitespace-nowrap px-4 py-3 text-slate-600">{failure.nextAttemptAt ? <LocalTime date={failure.nextAttemptAt} /> : "Now"}</td>
              <td className="px-4 py-3">
                <RetryArchiveButton mediaItemId={failure.id} />
              </td>
            </tr>
          ))}
        </DataTable>
        {counts.failed > overview.failures.length ? <p className="text-sm text-slate-600">Showing the first {overview.failures.length} of {counts.failed}.</p> : null}
      </section>
      <section className="flex flex-col gap-2">
        <h2 className="text-lg font-semibold">Retention</h2>
        <dl className="grid max-w-xl grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
          <dt className="text-slate-600">Archived media (MEDIA_RETENTION_DAYS)</dt>
          <dd>{days(overview.retention.mediaDays)}</dd>
          <dt className="text-slate-600">Webhook log (WEBHOOK_LOG_RETENTION_DAYS)</dt>
          <dd>{days(overview.retention.webhookLogDays)}</dd>
          <dt className="text-slate-600">Audit trail (AUDIT_RETENTION_DAYS)</dt>
          <dd>{days(overview.retention.auditDays)}</dd>
        </dl>
      </section>
    </main>
  );
}
