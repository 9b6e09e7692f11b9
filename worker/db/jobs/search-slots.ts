// Where a job's row sits in the search index (migration 0012 has the same numbers in SQL): one slot of SLOT_SIZE
// rowids per millisecond since 2024-01-01, newer milliseconds at smaller rowids, every rowid below 2^53 so it
// survives a JavaScript number.

const SLOT_EPOCH_MS = Date.UTC(2024, 0, 1);
const SLOT_COUNT = 2 ** 40;
export const SLOT_SIZE = 8192;

/** The first rowid of the slot of jobs created in this millisecond. */
export function searchSlotStart(createdMs: number): number {
  const t = Math.max(0, Math.min(SLOT_COUNT - 1, createdMs - SLOT_EPOCH_MS));
  return (SLOT_COUNT - 1 - t) * SLOT_SIZE;
}
