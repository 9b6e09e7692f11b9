// The schedules pane's async commands (`s`, and r/p/Enter/g in it): each calls the Fetcher and folds the answer, or
// the error, into the Store.
import { errorMessage } from "../worker/api/errors.ts";
import type { Fetcher, ScheduleFetcher } from "./fetcher.ts";
import type { Logger } from "./log.ts";
import { pauseAnswerText, runAnswerText } from "./schedules-pane.ts";
import * as SS from "./schedules-state.ts";
import * as S from "./state.ts";

/** One page: a workspace has a handful of schedules, and the pane says when there are more. */
const PAGE = 100;
/** Runs are read per schedule (the list carries no outcome): this many at once, so a long list does not flood. */
const RUN_READS = 4;

export class ScheduleActions {
  /** Bumped per list read, so the run reads of an older list stop and a slow list never replaces a newer one. */
  private gen = 0;

  constructor(
    private readonly store: S.Store,
    private readonly fetcher: Fetcher,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  /** The schedule calls, or null for an API without them (a fake one: tests, the frame benchmark). */
  private api(): ScheduleFetcher | null {
    const f = this.fetcher;
    if (!f.listSchedules || !f.getSchedule || !f.runSchedule || !f.scheduleAction) return null;
    return f as ScheduleFetcher;
  }

  /** `s`: the pane opens at once and fills as the list, then each schedule's runs, arrive. */
  async open(): Promise<void> {
    this.store.update(SS.openSchedules);
    await this.load();
  }

  async load(): Promise<void> {
    const api = this.api();
    if (!api) return this.store.update((s) => SS.schedulesFailed(s, "This dashboard's API has no schedules."));
    const gen = ++this.gen;
    this.store.update(SS.schedulesRequested);
    let ids: string[];
    try {
      const res = await api.listSchedules(null, PAGE);
      if (gen !== this.gen) return;
      this.store.update((s) => SS.schedulesLoaded(s, res.schedules, res.next_cursor !== null));
      ids = res.schedules.map((x) => x.id);
    } catch (err) {
      if (gen !== this.gen) return;
      // A member's 403 says here that schedules need Admin (the fetcher's wording), in the pane rather than a message.
      const text = `Loading schedules failed: ${errorMessage(err)}`;
      this.log(text);
      this.store.update((s) => SS.schedulesFailed(s, text));
      return;
    }
    const queue = [...ids];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        if (gen !== this.gen || !this.store.get().schedules) return; // reread or closed meanwhile
        await this.loadRuns(id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(RUN_READS, ids.length) }, worker));
  }

  /** One schedule and its latest runs; a failure is drawn where its runs would be. */
  async loadRuns(id: string): Promise<void> {
    const api = this.api();
    if (!api) return;
    try {
      const { schedule, runs } = await api.getSchedule(id);
      this.store.update((s) => SS.runsLoaded(s, schedule, runs));
    } catch (err) {
      const text = `Reading its runs failed: ${errorMessage(err)}`;
      this.log(`schedule ${id}: ${text}`);
      this.store.update((s) => SS.runsFailed(s, id, text));
    }
  }

  /** Enter on a schedule: its runs at once from what the list read, then fresh ones. */
  async openRuns(id: string): Promise<void> {
    this.store.update((s) => SS.openHistory(s, id));
    await this.loadRuns(id);
  }

  /** After y: run now, pause or resume; the answer goes on the status line and the schedule's runs are reread. */
  async act(id: string, action: SS.ScheduleAction): Promise<void> {
    const api = this.api();
    const schedule = this.store.get().schedules?.schedules.find((x) => x.id === id);
    if (!api || !schedule) return;
    const doing = action === "run" ? "Running" : action === "pause" ? "Pausing" : "Resuming";
    this.store.update((s) => S.setMessage(s, `${doing} “${schedule.name}”…`));
    let answer: { text: string; level: "info" | "error" };
    try {
      if (action === "run") answer = runAnswerText(schedule, await api.runSchedule(id));
      else {
        const changed = await api.scheduleAction(id, action);
        this.store.update((s) => SS.scheduleChanged(s, changed));
        answer = { text: pauseAnswerText(changed, action, this.now()), level: "info" };
      }
    } catch (err) {
      const text = `Cannot ${action === "run" ? "run" : action} “${schedule.name}”: ${errorMessage(err)}`;
      this.log(text);
      this.store.update((s) => S.setMessage(s, text, "error"));
      return;
    }
    this.log(`schedule ${action} ${id}: ${answer.text}`);
    this.store.update((s) => S.setMessage(s, answer.text, answer.level));
    // The run it recorded, its job's status, the last and next run times: only the schedule's read has them all.
    await this.loadRuns(id);
  }
}
