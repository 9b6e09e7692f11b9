// The shape of one benchmark's figures (a table row) and of bench/results.json, which keeps the latest rows of every
// benchmark so that `--only <name>` updates its own rows and leaves the others as they were.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Machine } from "./machine.ts";

export interface PeerFigure {
  /** What was measured on the other side, e.g. "BullMQ add behind node:http". */
  label: string;
  value: number | null;
  p50?: number | null;
  p99?: number | null;
}

/** One floor a row is compared with, resolved by the runner from the floor bench's rows (bench/lib/floors.ts). */
export interface FloorFigure {
  key: string;
  label: string;
  value: number | null;
  unit: string;
  /** ours ÷ floor, on `value`. */
  ratio: number | null;
  /** When the floor was measured, if not in the same run as the row. */
  measured_at?: string;
}

export interface Row {
  bench: string;
  measure: string;
  unit: string;
  value: number | null;
  p50?: number | null;
  p99?: number | null;
  peer?: PeerFigure | null;
  /** ours ÷ peer, on `value`. */
  ratio?: number | null;
  target?: string;
  /** Whether the target is met; null when it cannot be judged (no peer, no figure). */
  met?: boolean | null;
  note?: string;
  /** CPU-ms of the serving process tree per operation (request, job, message or row, as the measure says). */
  cpu_ms?: number | null;
  /** On a floor row: the key our rows name it by. */
  floor_key?: string;
  /** On our rows: the floors to compare with; the runner resolves them into `floors`. */
  floor_of?: string[];
  floors?: FloorFigure[];
}

export interface BenchRecord {
  ran_at: string;
  duration_s: number;
  rows: Row[];
  notes: string[];
}

export interface ResultsFile {
  machine: Machine;
  updated_at: string;
  benches: Record<string, BenchRecord>;
}

export function ratio(ours: number | null | undefined, peer: number | null | undefined): number | null {
  if (ours == null || peer == null || !Number.isFinite(ours) || !Number.isFinite(peer) || peer === 0) return null;
  return ours / peer;
}

/** The results file as it is, or null when there is none (or it is damaged, and will simply be replaced). */
export function readResults(file: string): ResultsFile | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as ResultsFile;
  } catch {
    return null;
  }
}

export function writeResults(file: string, machine: Machine, runs: Record<string, BenchRecord>): ResultsFile {
  const previous = readResults(file);
  const results: ResultsFile = {
    machine,
    updated_at: new Date().toISOString(),
    benches: { ...(previous?.benches ?? {}), ...runs },
  };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return results;
}
