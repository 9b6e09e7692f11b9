// The floors our rows are compared with: what each one is called, and how the runner attaches the floor bench's
// figures (from this run, or from bench/results.json when `--only` left the floor out) to the rows that name them.
import { type FloorFigure, type Row, ratio } from "./results.ts";

export const FLOORS = {
  hello: "hello fetch, 50 concurrent",
  "hello-serial": "hello fetch, one at a time",
  insert: "1 D1 insert per request, 50 concurrent",
  "post-shape": "POST shape, 50 concurrent",
  "drain-ack": "ack-only consumer",
  "drain-sql": "set-based job SQL consumer",
  "drain-rpc": "1 DO RPC per message consumer",
  upsert: "json_each upsert, 500-row chunks",
} as const;
export type FloorKey = keyof typeof FLOORS;

/** Fills `floors` on every row that names some, from `floorRows`; `measuredAt` marks floors from another run. */
export function attachFloors(rows: Row[], floorRows: Row[], measuredAt?: string): Row[] {
  return rows.map((row) => {
    if (!row.floor_of?.length) return row;
    const floors = row.floor_of.map((key): FloorFigure => {
      const floor = floorRows.find((r) => r.floor_key === key && r.value != null);
      const label = FLOORS[key as FloorKey] ?? key;
      if (!floor) return { key, label: `${label} (not measured)`, value: null, unit: "", ratio: null };
      return {
        key,
        label,
        value: floor.value,
        unit: floor.unit,
        ratio: ratio(row.value, floor.value),
        ...(measuredAt ? { measured_at: measuredAt } : {}),
      };
    });
    return { ...row, floors };
  });
}
