// `tui`: frame time and bytes per frame of the terminal dashboard while 1,000 jobs update at 100 events/s, in two
// cases: events spread over all 1,000 jobs (most are off screen), and every event on a row that is on screen.
import path from "node:path";
import type { Bench } from "./lib/bench.ts";
import { type ChildMessage, forkTs, nextMessage, stopChild } from "./lib/child.ts";
import type { Row } from "./lib/results.ts";

/** Seconds per scenario; the first 3 are not measured (JIT warm-up), so --quick keeps 5. */
const FULL = { seconds: 10 };
const QUICK = { seconds: 5 };

interface Result extends ChildMessage {
  scenario: string;
  events: number;
  seconds: number;
  frames: number;
  frameP50: number;
  frameP99: number;
  frameMax: number;
  frameCpuP50: number;
  frameCpuP99: number;
  bytesMean: number;
  bytesP99: number;
  handlingP99: number;
  maxRssMiB: number;
}

async function runScenario(scenario: "spread" | "visible", seconds: number): Promise<Result> {
  const child = forkTs(path.join(import.meta.dirname, "tui-frames.ts"), [scenario, String(seconds)]);
  try {
    return await nextMessage<Result>(child, "result", (seconds + 30) * 1000);
  } finally {
    await stopChild(child);
  }
}

const CASES = {
  spread: "1,000 jobs, 100 events/s spread over all",
  visible: "100 events/s, all on rows on screen",
} as const;

export const tui: Bench = {
  name: "tui",
  wrangler: "none",
  redis: false,
  async run(ctx) {
    const rows: Row[] = [];
    let rss = 0;
    for (const scenario of ["spread", "visible"] as const) {
      const r = await runScenario(scenario, (ctx.quick ? QUICK : FULL).seconds);
      ctx.log(`${scenario}: ${r.frames} frames for ${r.events} events in ${r.seconds.toFixed(1)} s`);
      rss = Math.max(rss, r.maxRssMiB);
      const fps = r.frames / r.seconds;
      rows.push(
        {
          bench: "tui",
          measure: `frame time, ${CASES[scenario]}`,
          unit: "ms",
          value: r.frameP99,
          p50: r.frameP50,
          p99: r.frameP99,
          target: "p99 ≤ 16 ms",
          met: r.frameP99 <= 16,
          note: `${r.frames} frames (${fps.toFixed(1)}/s, at most 20/s by the drawer's 50 ms frame limit), max ${r.frameMax.toFixed(1)} ms; CPU time per frame p50 ${r.frameCpuP50.toFixed(2)} ms, p99 ${r.frameCpuP99.toFixed(2)} ms; handling one event (parse + state) p99 ${r.handlingP99.toFixed(2)} ms; after 3 s of the same events unmeasured (JIT warm-up); a frame is the drawer's setContent calls through blessed's screen.render() on a 120×40 terminal`,
        },
        {
          bench: "tui",
          measure: `bytes per frame, ${CASES[scenario]}`,
          unit: "B",
          value: r.bytesMean,
          note: `mean; p99 ${Math.round(r.bytesP99)} B; ${Math.round(r.bytesMean * fps)} B/s written to the terminal`,
        },
      );
    }
    rows.push({
      bench: "memory",
      measure: "TUI process, peak RSS",
      unit: "MiB",
      value: rss,
      note: "maxRSS of the child process that ran the dashboard (Node + blessed + 1,000 jobs held by the fake API)",
    });
    return rows;
  },
};
