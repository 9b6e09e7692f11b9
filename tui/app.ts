// Wires state + fetcher + live client + drawer + keys onto one blessed screen (a local TTY or an SSH channel).
import type { Widgets } from "blessed";
import { errorMessage } from "../worker/api/errors.ts";
import { Actions } from "./actions.ts";
import * as A from "./alerts-state.ts";
import { osc52 } from "./clipboard.ts";
import { createDrawer } from "./drawer.ts";
import type { Fetcher } from "./fetcher.ts";
import {
  handleKey,
  helpLines,
  type KeyContext,
  keyName,
  LANE_KEYS,
  paneHints,
  SCHEDULE_KEYS,
  SCHEDULE_RUN_KEYS,
} from "./keys.ts";
import { LiveClient, type SocketFactory } from "./live.ts";
import type { Logger } from "./log.ts";
import * as M from "./metrics-state.ts";
import * as SS from "./schedules-state.ts";
import * as S from "./state.ts";
import { throttle } from "./throttle.ts";

export interface AppOptions {
  screen: Widgets.Screen;
  fetcher: Fetcher;
  url: string;
  token: string;
  workspace?: string | null;
  color: boolean;
  log: Logger;
  /** Called once the screen is destroyed and the terminal restored. */
  onExit(): void;
  /** false: no live socket at all (tests, benchmarks). */
  live?: boolean;
  socketFactory?: SocketFactory;
  frameMs?: number;
  /** Live events for jobs we cannot see may change the counts: refetch the page at most this often. */
  resyncMs?: number;
  /** While the live socket is down, poll the page this often so the dashboard keeps working; the lanes always. */
  pollMs?: number;
  /** Live events move the lanes: reread them at most this often. */
  lanesMs?: number;
  /** The header's sparkline: reread the last half hour this often (and on a reconnect, never more often). */
  metricsMs?: number;
  /** The header's open alerts: reread this often (and on a reconnect, never more often). */
  alertsMs?: number;
}

export interface App {
  store: S.Store;
  /** Leave: restore the terminal and release every timer and socket. Safe to call twice. */
  stop(): void;
}

export function startApp(opts: AppOptions): App {
  const { screen, log } = opts;
  const drawer = createDrawer(screen, {
    color: opts.color,
    frameMs: opts.frameMs,
    helpLines: helpLines(),
    paneHints: paneHints(),
    laneHints: paneHints(LANE_KEYS),
    scheduleHints: paneHints(SCHEDULE_KEYS),
    scheduleRunHints: paneHints(SCHEDULE_RUN_KEYS),
  });
  const store = S.createStore(
    S.initialState({ url: opts.url, workspace: opts.workspace, pageSize: drawer.pageSize() }),
  );
  const actions = new Actions(store, opts.fetcher, log);
  // A job event may start, end or admit jobs, which moves the lanes; a burst of events costs one read per interval.
  const lanes = throttle(() => void actions.loadLanes(), opts.lanesMs ?? 2000);
  // Minute buckets: a read every half minute keeps the newest one at most that late; a flapping connection that asks
  // on every reconnect still costs one read per interval.
  const metricsMs = opts.metricsMs ?? 30_000;
  const metrics = throttle(() => void actions.loadMetrics(), metricsMs);
  // The live socket carries job events, not incidents: an incident opens within seconds of its cause, and a read every
  // 15 s (one short list) shows it soon after at little cost; a flapping connection again costs one read an interval.
  const alertsMs = opts.alertsMs ?? 15_000;
  const alerts = throttle(() => void actions.loadAlerts(), alertsMs);
  let stopped = false;
  let resyncTimer: ReturnType<typeof setTimeout> | null = null;

  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearInterval(tick);
    clearInterval(poll);
    clearInterval(metricsPoll);
    clearInterval(alertsPoll);
    if (resyncTimer) clearTimeout(resyncTimer);
    lanes.stop();
    metrics.stop();
    alerts.stop();
    live?.stop();
    unsubscribe();
    drawer.destroy();
    screen.removeListener("keypress", onKeypress);
    screen.removeListener("resize", onResize);
    try {
      screen.destroy(); // leaves the alternate screen and restores the terminal modes
    } catch (err) {
      log(`destroying the screen: ${errorMessage(err)}`);
    }
    log("dashboard closed");
    opts.onExit();
  };

  // Through blessed's own program (its output is the TTY or the SSH channel), after whatever frame it has buffered,
  // so the sequence reaches the terminal at the far end whole.
  const copy = (text: string) => {
    screen.program.flush();
    screen.program.write(osc52(text));
  };
  const ctx: KeyContext = { store, actions, copy, quit: stop };

  const unsubscribe = store.subscribe((s) => {
    drawer.draw(s);
    if (s.stale && !resyncTimer && !stopped) {
      resyncTimer = setTimeout(() => {
        resyncTimer = null;
        void actions.loadPage();
      }, opts.resyncMs ?? 3000);
    }
  });

  const onKeypress = (ch: string | undefined, key: { full?: string } | undefined) => {
    const name = keyName(ch, key);
    if (!name || stopped) return;
    handleKey(ctx, name, ch).catch((err: unknown) => {
      log(`key ${name}: ${err instanceof Error ? err.stack : String(err)}`);
      store.update((s) => S.setMessage(s, `Error: ${errorMessage(err)}`, "error"));
    });
  };
  screen.on("keypress", onKeypress);

  const onResize = () => {
    const size = drawer.pageSize();
    if (size === store.get().pageSize) return;
    store.update((s) => S.setPageSize(s, size));
    void actions.loadPage();
  };
  screen.on("resize", onResize);

  const live =
    opts.live === false
      ? null
      : new LiveClient({
          url: opts.url,
          token: opts.token,
          factory: opts.socketFactory,
          log,
          onConnection: (c) => {
            store.update((s) => S.setConnection(s, c));
            // A reconnect may follow an outage or a deploy (a server that now has metrics or alerts, a new role).
            if (c.kind === "live") {
              store.update((s) => A.alertsRetry(M.metricsRetry(s)));
              metrics.request();
              alerts.request();
            }
          },
          onResync: (reason) => {
            log(`resync: ${reason}`);
            void actions.loadPage();
            lanes.request();
          },
          onJob: (job) => {
            const before = store.get().detail;
            store.update((s) => SS.runJobChanged(S.jobChanged(s, job), job));
            lanes.request();
            // A status change adds history rows, which only the detail endpoint has.
            if (before?.job.id === job.id && before.job.status !== job.status) void actions.refreshDetail(job.id);
          },
          onRemoved: (jobIds, archiveDate) => {
            store.update((s) => S.jobsRemoved(s, jobIds, archiveDate));
            lanes.request();
          },
        });

  // Once a second: relative times ("42 s ago") and the "retrying in Ns" countdown move even when nothing else
  // changes. blessed repaints only the cells that differ, so an idle second costs a few bytes.
  const tick = setInterval(() => drawer.draw(store.get()), 1000);
  // The lanes are polled even while live: another admin's pause of a type with no jobs, or a new running limit, sends
  // no job event. One small read per interval.
  const poll = setInterval(() => {
    if (store.get().connection.kind !== "live") void actions.loadPage();
    lanes.request();
  }, opts.pollMs ?? 10_000);
  const metricsPoll = setInterval(() => metrics.request(), metricsMs);
  const alertsPoll = setInterval(() => alerts.request(), alertsMs);

  log(`dashboard started for ${opts.url}`);
  drawer.draw(store.get());
  void actions.loadPage();
  lanes.request();
  metrics.request();
  alerts.request();
  live?.start();
  return { store, stop };
}
