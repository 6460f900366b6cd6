/**
 * The row j (step 1) or k (step -1) selects in a list of `count` rows: the neighbour of the
 * selected row, else of the open conversation's row, else the first row. It stops at either end
 * rather than wrapping, so holding j does not jump back to the newest conversation.
 */
export function stepRowSelection({ count, selectedIndex, activeIndex, step }: { count: number; selectedIndex: number | null; activeIndex: number | null; step: 1 | -1 }): number | null {
  if (count === 0) return null;
  const from = selectedIndex ?? activeIndex;
  if (from === null || from < 0 || from >= count) return 0;
  return Math.min(count - 1, Math.max(0, from + step));
}
