// A server-rendered SVG chart (no client library, nothing from a CDN): bars or lines of a few series over time,
// with axis labels, a title the screen reader reads (role="img" with aria-labelledby), and the same numbers as a
// table under a disclosure. Colours come from classes, so the stylesheet's light-dark() tokens serve both themes.

export interface ChartSeries {
  name: string;
  /** A CSS class giving the series its colour (`series-ok`, `series-danger`, `series-1` …). */
  tone: string;
  values: (number | null)[];
}

export interface ChartProps {
  id: string;
  title: string;
  /** One sentence for a screen reader: what the chart shows and its latest or largest value. */
  summary: string;
  /** The time of each point (ISO), shared by every series. */
  at: string[];
  series: ChartSeries[];
  kind: "bars" | "lines";
  format: (value: number) => string;
  height?: number;
  /** Hide the table view (the small strip on the jobs page has its numbers in its summary). */
  compact?: boolean;
}

const WIDTH = 640;
const PAD = { top: 8, right: 8, bottom: 18, left: 64 };

const timeLabel = (iso: string, spanMs: number) =>
  spanMs > 2 * 86_400_000 ? iso.slice(5, 10) : `${iso.slice(11, 16)}`;

export function Chart(props: ChartProps) {
  const { id, title, summary, at, series, kind, format } = props;
  const height = props.height ?? 160;
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = height - PAD.top - PAD.bottom;
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = Math.max(1, ...values);
  const n = Math.max(1, at.length);
  const x = (i: number) => PAD.left + (innerW * (i + 0.5)) / n;
  const y = (v: number) => PAD.top + innerH - (innerH * v) / max;
  const span = at.length > 1 ? Date.parse(at.at(-1) as string) - Date.parse(at[0] as string) : 0;
  const barW = Math.max(1, innerW / n / Math.max(1, series.length) - 1);
  const labelEvery = Math.max(1, Math.ceil(n / 6));
  return (
    <figure class={`chart${props.compact ? " chart-compact" : ""}`} id={id}>
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        preserveAspectRatio="none"
        class="chart-svg"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <line class="chart-axis" x1={PAD.left} y1={PAD.top + innerH} x2={WIDTH - PAD.right} y2={PAD.top + innerH} />
        <text class="chart-tick" x={PAD.left - 4} y={PAD.top + 8} text-anchor="end">
          {format(max)}
        </text>
        <text class="chart-tick" x={PAD.left - 4} y={PAD.top + innerH} text-anchor="end">
          0
        </text>
        {at.map((iso, i) =>
          i % labelEvery === 0 ? (
            <text class="chart-tick" x={x(i)} y={height - 4} text-anchor="middle">
              {timeLabel(iso, span)}
            </text>
          ) : null,
        )}
        {series.map((s, k) =>
          kind === "bars" ? (
            <g class={`chart-series ${s.tone}`}>
              {s.values.map((v, i) =>
                v ? (
                  <rect
                    x={x(i) - (barW * series.length) / 2 + k * barW}
                    y={y(v)}
                    width={barW}
                    height={PAD.top + innerH - y(v)}
                  />
                ) : null,
              )}
            </g>
          ) : (
            <polyline
              class={`chart-line ${s.tone}`}
              points={s.values
                .map((v, i) => (v === null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
                .filter(Boolean)
                .join(" ")}
            />
          ),
        )}
      </svg>
      <figcaption class="chart-legend">
        <strong>{title}</strong>
        {series.map((s) => (
          <span class={`chart-key ${s.tone}`}>{s.name}</span>
        ))}
      </figcaption>
      {props.compact ? null : (
        <details class="chart-table">
          <summary>Table view</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">Time (UTC)</th>
                {series.map((s) => (
                  <th scope="col">{s.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {at.map((iso, i) => (
                <tr>
                  <td>{iso.slice(0, 16).replace("T", " ")}</td>
                  {series.map((s) => (
                    <td>{s.values[i] === null || s.values[i] === undefined ? "—" : format(s.values[i] as number)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}
