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

export function writeResults(file: string, machine: Machine, runs: Record<string, BenchRecord>): ResultsFile {
  let previous: ResultsFile | null = null;
  if (existsSync(file)) {
    try {
      previous = JSON.parse(readFileSync(file, "utf8")) as ResultsFile;
    } catch {
      previous = null; // a damaged file is simply replaced
    }
  }
  const results: ResultsFile = {
    machine,
    updated_at: new Date().toISOString(),
    benches: { ...(previous?.benches ?? {}), ...runs },
  };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return results;
}
