export function ListSkeleton() {
  return (
    <div className="space-y-4 p-4" aria-busy="true" aria-label="Loading conversations">
      {Array.from({ length: 8 }, (_, index) => (
        <div key={index} className="animate-pulse space-y-2">
          <div className="h-4 w-1/2 rounded bg-slate-200" />
          <div className="h-3 w-5/6 rounded bg-slate-100" />
        </div>
      ))}
    </div>
  );
}

export function ThreadSkeleton() {
  return (
    <div className="flex h-full flex-col gap-3 bg-slate-50 p-4" aria-busy="true" aria-label="Loading the conversation">
      <div className="h-10 w-1/3 animate-pulse rounded bg-slate-200" />
      {Array.from({ length: 5 }, (_, index) => (
        <div key={index} className={`h-12 w-2/3 animate-pulse rounded-2xl bg-white ${index % 2 ? "self-end" : ""}`} />
      ))}
    </div>
  );
}
