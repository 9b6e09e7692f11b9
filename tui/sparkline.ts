// The header's throughput sparkline (DESIGN.md "Time and rate"): the last 30 whole minutes of GET /api/v1/metrics,
// one cell a minute, and the latest minute's numbers as words ("done 42/min, failed 3"); the chart goes first when
// the header is narrow. Pure; returns blessed-tagged text.
import { type MetricsPoint, MINUTE_MS } from "../worker/api/metrics.ts";
import { paint } from "./format.ts";
import type { MetricsView } from "./metrics-state.ts";

/** The window: half an hour, a minute a cell. */
export const SPARK_MINUTES = 30;

/** Eighths of a cell, lowest first. */
const BLOCKS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

const DONE_STYLE = "green-fg";
const FAILED_STYLE = "red-fg";

/** What ended in one minute: finished well (completed), or not (failed + dead-lettered). */
export interface Minute {
  at: number;
  done: number;
  failed: number;
}

/**
 * The `count` whole minutes before `fetchedAt`, oldest first. The minute still under way is left out (it would always
 * read as a drop), and a minute the answer lacks counts as nothing ended.
 */
export function lastMinutes(series: readonly MetricsPoint[], fetchedAt: number, count = SPARK_MINUTES): Minute[] {
  const byMinute = new Map<number, { done: number; failed: number }>();
  for (const p of series) {
    const minute = Math.floor(Date.parse(p.at) / MINUTE_MS);
    if (Number.isNaN(minute)) continue;
    const seen = byMinute.get(minute) ?? { done: 0, failed: 0 };
    byMinute.set(minute, { done: seen.done + p.completed, failed: seen.failed + p.failed + p.dead_lettered });
  }
  const last = Math.floor(fetchedAt / MINUTE_MS) - 1;
  return Array.from({ length: count }, (_, i) => {
    const minute = last - count + 1 + i;
    return { at: minute * MINUTE_MS, ...(byMinute.get(minute) ?? { done: 0, failed: 0 }) };
  });
}

/** One cell per value on a scale whose top is `max`: nothing is a blank, anything else at least the lowest eighth. */
export function sparkBlocks(values: readonly number[], max: number): string {
  const cell = (v: number) => (v <= 0 || max <= 0 ? " " : BLOCKS[Math.min(8, Math.ceil((v / max) * 8)) - 1]);
  return values.map(cell).join("");
}

/**
 * The chart: a cell a minute, as high as the jobs that ended in it (on the window's largest minute), green when they
 * all finished, red when any failed. The words beside it say the numbers, so no state is colour alone.
 */
export function sparkChart(minutes: readonly Minute[], color: boolean): string {
  const ended = minutes.map((m) => m.done + m.failed);
  const cells = [...sparkBlocks(ended, Math.max(0, ...ended))];
  // Runs of one colour share a tag pair: a frame redraws this every second.
  let out = "";
  let run = "";
  let style: string | null = null;
  const flush = () => {
    out += style ? paint(run, style, color) : run;
    run = "";
  };
  cells.forEach((cell, i) => {
    const failed = (minutes[i]?.failed ?? 0) > 0;
    const next = cell === " " ? null : failed ? FAILED_STYLE : DONE_STYLE;
    if (next !== style) flush();
    style = next;
    run += cell;
  });
  flush();
  return out;
}

export interface Sparkline {
  /** blessed-tagged. */
  text: string;
  /** Its width in cells. */
  width: number;
}

/**
 * The sparkline for `room` cells, or null: hidden (no series: not read yet, refused, failed) or nothing fits. What it
 * gives up first is the chart (the latest minute's numbers stay), then the numbers too: the header's title and its
 * connection state come first. A window in which nothing ended has no chart to draw, only its words.
 */
export function sparkline(view: MetricsView, room: number, color: boolean): Sparkline | null {
  if (!view.series) return null;
  const minutes = lastMinutes(view.series, view.fetchedAt);
  const latest = minutes.at(-1) ?? { done: 0, failed: 0 };
  const failedStyle = latest.failed > 0 ? FAILED_STYLE : null;
  const words = [
    { text: `done ${latest.done.toLocaleString("en-US")}/min`, style: latest.done > 0 ? DONE_STYLE : null },
    { text: ", " },
    { text: `failed ${latest.failed.toLocaleString("en-US")}`, style: failedStyle },
  ];
  const wordsWidth = words.reduce((n, w) => n + w.text.length, 0);
  const painted = words.map((w) => (w.style ? paint(w.text, w.style, color) : w.text)).join("");
  const anything = minutes.some((m) => m.done + m.failed > 0);
  const forms: Sparkline[] = [];
  if (anything) forms.push({ text: `${sparkChart(minutes, color)} ${painted}`, width: SPARK_MINUTES + 1 + wordsWidth });
  forms.push({ text: painted, width: wordsWidth });
  return forms.find((f) => f.width <= room) ?? null;
}
