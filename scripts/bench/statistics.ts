// Small statistics for the benchmarks: medians of runs and latency percentiles.

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** The run whose `key` is the median, so a reported row's figures come from one real run. */
export function medianRun<T>(runs: readonly T[], key: (run: T) => number): T {
  const sorted = [...runs].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** p50 and p99 in ms of `samples` runs of `action`, after `warmUp` untimed ones (JIT, caches). */
export async function timeRuns(action: () => Promise<unknown>, options: { samples: number; warmUp: number }): Promise<{ p50: number; p99: number }> {
  for (let index = 0; index < options.warmUp; index++) await action();
  const durations: number[] = [];
  for (let index = 0; index < options.samples; index++) {
    const started = performance.now();
    await action();
    durations.push(performance.now() - started);
  }
  return { p50: round(percentile(durations, 50)), p99: round(percentile(durations, 99)) };
}
