// Renders rows as one aligned text table (for the terminal) or as Markdown (for the README).
import type { Row } from "./results.ts";

function figure(value: number | null | undefined, unit: string): string {
  if (value == null || !Number.isFinite(value)) return "–";
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const text = value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${text} ${unit}` : text;
}

/** CPU-ms per operation spans 0.01 (an imported row) to tens (a job): two significant digits. */
function cpu(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return "";
  return value >= 10 ? figure(value, "") : Number(value.toPrecision(2)).toString();
}

function floorCells(row: Row): [string, string] {
  if (!row.floors?.length) return ["", ""];
  const earlier = (f: { measured_at?: string }) => (f.measured_at ? ` (${f.measured_at.slice(0, 10)})` : "");
  return [
    row.floors.map((f) => `${f.label}: ${figure(f.value, f.unit)}${earlier(f)}`).join("; "),
    row.floors.map((f) => (f.ratio == null ? "–" : `${figure(f.ratio, "")}×`)).join("; "),
  ];
}

function cells(row: Row): string[] {
  const peer = row.peer;
  const peerFigure = !peer
    ? "–"
    : peer.p50 != null && peer.p99 != null
      ? `p50 ${figure(peer.p50, "ms")}, p99 ${figure(peer.p99, "ms")}`
      : figure(peer.value, row.unit);
  return [
    row.bench,
    row.measure,
    figure(row.value, row.unit),
    row.p50 === undefined ? "" : figure(row.p50, "ms"),
    row.p99 === undefined ? "" : figure(row.p99, "ms"),
    cpu(row.cpu_ms),
    peer ? peer.label : "",
    peer ? peerFigure : "",
    row.ratio == null ? "" : `${figure(row.ratio, "")}×`,
    ...floorCells(row),
    row.target ?? "",
    row.met == null ? "" : row.met ? "yes" : "no",
  ];
}

const HEADER = [
  "bench",
  "measure",
  "ours",
  "p50",
  "p99",
  "CPU-ms/op",
  "compared with",
  "their figure",
  "ratio",
  "floor",
  "× floor",
  "target",
  "met",
];

export function textTable(rows: Row[]): string {
  const table = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, c) => Math.max(...table.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(HEADER), widths.map((w) => "-".repeat(w)).join("  "), ...table.slice(1).map(line)].join("\n");
}

export function markdownTable(rows: Row[]): string {
  const escapePipes = (s: string) => s.replaceAll("|", "\\|");
  return [
    `| ${HEADER.join(" | ")} |`,
    `|${HEADER.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${cells(r).map(escapePipes).join(" | ")} |`),
  ].join("\n");
}
