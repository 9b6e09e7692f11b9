// The dashboard's async commands: each calls the Fetcher and folds the answer (or the error) into the Store.
import { ApiError, errorMessage } from "../worker/api/errors.ts";
import { MAX_SEARCH_CHARS, MIN_SEARCH_CHARS } from "../worker/api/find-and-fix.ts";
import { ULID_PATTERN } from "../worker/api/ids.ts";
import type { OperatorAction } from "../worker/api/lifecycle.ts";
import { MINUTE_MS } from "../worker/api/metrics.ts";
import { PRIORITY_LABELS, type Priority } from "../worker/api/priority.ts";
import type { Job } from "../worker/api/schema.ts";
import * as A from "./alerts-state.ts";
import { type BulkAction, cancelAnswerText, retryAnswerText } from "./bulk.ts";
import { invalidLines, replayNothingText, replayOutcomeText, replayPrompt } from "./errors.ts";
import type { Fetcher } from "./fetcher.ts";
import { laneOutcomeText } from "./lanes-pane.ts";
import * as L from "./lanes-state.ts";
import type { Logger } from "./log.ts";
import * as M from "./metrics-state.ts";
import { priorityAnswerText } from "./priority.ts";
import { ScheduleActions } from "./schedule-actions.ts";
import { SPARK_MINUTES } from "./sparkline.ts";
import * as S from "./state.ts";

const PAST: Record<OperatorAction, string> = {
  retry: "Retry requested",
  cancel: "Cancel requested",
  pause: "Pause requested",
  resume: "Resume requested",
};

/**
 * A 403 (a member's or viewer's token) or a 404 (a server without the route): asking again on the interval would only
 * repeat it, so the header's unasked reads stop until the next connect.
 */
function refused(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 403 || err.status === 404);
}

/** What was typed, as an id fragment: spaces and a pasted "…" (the rows' cut mark) removed, upper-case like a ULID. */
export function idFragment(typed: string): string {
  return typed.replace(/[\s…]/g, "").toUpperCase();
}

/**
 * What was typed, as the API's `q`: trimmed as the server trims it, and without a "…" at either end, which is where
 * the rows cut an id (start) or an error (end) and is never part of the data. Case and inner spaces stay: the search
 * is case-insensitive and may be for words of an error.
 */
export function searchText(typed: string): string {
  return typed
    .trim()
    .replace(/^…+|…+$/g, "")
    .trim();
}

export class Actions {
  /** Bumped per list request, so a slow answer for an old filter or page never overwrites a newer one. */
  private listGen = 0;
  /** The same for the lanes: a read answered after a pause's answer must not undo what the pause showed. */
  private lanesGen = 0;
  /** And for the sparkline: a slow read must not replace a newer one. */
  private metricsGen = 0;
  /** And for the alerts. */
  private alertsGen = 0;

  /** The schedules pane's commands (`s`). */
  readonly schedules: ScheduleActions;

  constructor(
    readonly store: S.Store,
    readonly fetcher: Fetcher,
    private readonly log: Logger = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.schedules = new ScheduleActions(store, fetcher, log, now);
  }

  private fail(err: unknown, what: string, sticky = false): void {
    const text = `${what}: ${errorMessage(err)}`;
    this.log(text);
    this.store.update((s) => S.setMessage(s, text, "error", sticky));
  }

  async loadPage(): Promise<void> {
    const gen = ++this.listGen;
    const s = this.store.get();
    this.store.update(S.listRequested);
    try {
      const res = await this.fetcher.listJobs(S.listQuery(s), S.currentCursor(s), s.pageSize);
      if (gen !== this.listGen) return;
      // A load error (e.g. the server was down) is over once a load succeeds.
      this.store.update((cur) => S.clearMessage(S.listLoaded(cur, res), "sticky"));
    } catch (err) {
      if (gen !== this.listGen) return;
      this.store.update((cur) => ({ ...cur, loading: false }));
      this.fail(err, "Loading jobs failed", true);
    }
  }

  /** Next page: if live events reshaped this page, refresh it first so next_cursor is right. */
  async nextPage(): Promise<void> {
    if (this.store.get().stale) await this.loadPage();
    const before = this.store.get();
    this.store.update(S.nextPage);
    if (this.store.get().pages.length !== before.pages.length) await this.loadPage();
  }

  async previousPage(): Promise<void> {
    const before = this.store.get();
    this.store.update(S.previousPage);
    if (this.store.get().pages.length !== before.pages.length) await this.loadPage();
  }

  async openDetail(id: string): Promise<void> {
    try {
      const { job, events } = await this.fetcher.getJob(id);
      this.store.update((s) => S.openDetail(S.jobChanged(s, job), job, events));
    } catch (err) {
      this.fail(err, `Job ${id}`);
    }
  }

  /**
   * New history for the open pane (a live status change): unlike openDetail, an answer that arrives after the user
   * closed the pane, or moved to another job, must not bring it back.
   */
  async refreshDetail(id: string): Promise<void> {
    try {
      const { job, events } = await this.fetcher.getJob(id);
      this.store.update((s) => {
        const cur = S.jobChanged(s, job);
        return cur.detail?.job.id === id ? S.openDetail(cur, job, events) : cur;
      });
    } catch (err) {
      this.fail(err, `Job ${id}`);
    }
  }

  /**
   * `/`: a fragment of an id a row shows (its tail, usually) selects among the loaded rows at once: one match opens
   * it, several select the first and say how many. A whole id not loaded is looked up on the server. Anything else
   * of 3+ characters is searched for (`q`: ids, keys, creator, payload, error) and the list shows what matches, within
   * the filter; an empty find ends a search or a group.
   */
  async find(typed: string): Promise<void> {
    const text = searchText(typed);
    if (!text) return this.rescope(S.clearScope);
    const id = idFragment(text);
    const matches = id.length >= MIN_SEARCH_CHARS ? S.rowsMatching(this.store.get(), id) : [];
    const at = matches[0];
    const first = at === undefined ? undefined : this.store.get().rows[at];
    if (at !== undefined && first) {
      this.store.update((s) => S.select(s, at));
      if (matches.length === 1) return this.openDetail(first.id);
      const msg = `${matches.length} jobs on this page match "${id}"; the first is selected (type more to narrow it).`;
      this.store.update((s) => S.setMessage(s, msg));
      return;
    }
    if (ULID_PATTERN.test(id)) return this.openDetail(id);
    const refusal =
      text.length < MIN_SEARCH_CHARS
        ? `Type at least ${MIN_SEARCH_CHARS} characters.`
        : text.length > MAX_SEARCH_CHARS
          ? `Type at most ${MAX_SEARCH_CHARS} characters: a search is for a fragment.`
          : null;
    if (refusal) return this.store.update((s) => S.setMessage(s, refusal));
    return this.rescope((s) => S.setSearch(s, text));
  }

  /** A new scope (search, group, none) is a new list: the detail pane closes and its first page loads. */
  async rescope(fn: (s: S.State) => S.State): Promise<void> {
    const before = this.store.get().scope;
    this.store.update((s) => {
      const next = fn(s);
      return next.scope === s.scope ? next : S.closeDetail(next);
    });
    if (this.store.get().scope !== before) await this.loadPage();
  }

  /** `e`: the pane opens at once and fills when the groups arrive. */
  async openErrors(): Promise<void> {
    this.store.update(S.openErrors);
    await this.loadErrors();
  }

  async loadErrors(): Promise<void> {
    try {
      const groups = await this.fetcher.errorGroups();
      this.store.update((s) => S.errorsLoaded(s, groups));
    } catch (err) {
      const text = `Loading error groups failed: ${errorMessage(err)}`;
      this.log(text);
      this.store.update((s) => S.errorsFailed(s, text));
    }
  }

  /**
   * `r` in the pane: the dry run first, so the question says how many the server would retry and which it found
   * invalid; nothing is asked when it would retry none.
   */
  async previewReplay(signature: string): Promise<void> {
    this.store.update((s) => S.setMessage(s, "Checking the group…"));
    try {
      const preview = await this.fetcher.previewReplay(signature);
      if (preview.would_retry === 0) return this.store.update((s) => S.setMessage(s, replayNothingText(preview)));
      const confirm: S.Confirm = {
        kind: "replay",
        signature,
        prompt: replayPrompt(preview),
        details: invalidLines(preview.invalid),
        declined: "Nothing retried.",
      };
      this.store.update((s) => S.askConfirm(S.clearMessage(s), confirm));
    } catch (err) {
      this.fail(err, "Checking the group failed");
    }
  }

  /** After y: the real replay, then the groups and the page reload (the answer carries counts, not jobs). */
  async replay(signature: string): Promise<void> {
    this.store.update((s) => S.setMessage(s, "Retrying the group…"));
    let text: string;
    try {
      text = replayOutcomeText(await this.fetcher.replay(signature));
    } catch (err) {
      this.fail(err, "Retrying the group failed");
      return;
    }
    this.log(`replay of ${signature}: ${text}`);
    this.store.update((s) => S.setMessage(s, text));
    await Promise.all([this.store.get().errors ? this.loadErrors() : undefined, this.loadPage()]);
  }

  /** Bulk retry/cancel of the selection; the answer says what the server did and skipped, then the page reloads. */
  async bulk(action: BulkAction, ids: string[]): Promise<void> {
    this.store.update((s) => S.setMessage(s, `${action === "retry" ? "Retrying" : "Cancelling"} ${ids.length} jobs…`));
    let text: string;
    try {
      text =
        action === "retry"
          ? retryAnswerText(await this.fetcher.retryMany(ids))
          : cancelAnswerText(await this.fetcher.cancelMany(ids));
    } catch (err) {
      // The selection stays, so the same jobs can be tried again once the cause is fixed.
      this.fail(err, `Bulk ${action} of ${ids.length} jobs failed`);
      return;
    }
    this.log(`bulk ${action} of ${ids.length}: ${text}`);
    this.store.update((s) => S.setMessage(S.clearMarks(s), text));
    // The answer carries counts, not jobs; live events will move the rows too, but the page is cheap to reload.
    await this.loadPage();
  }

  async act(id: string, action: OperatorAction): Promise<void> {
    this.store.update((s) => S.setMessage(s, `${action} ${id}…`));
    try {
      const updated = await this.fetcher.action(id, action);
      this.log(`${action} ${id} -> ${updated.status}`);
      this.store.update((s) => S.setMessage(S.jobChanged(s, updated), `${PAST[action]} for ${id}.`));
    } catch (err) {
      this.fail(err, `Cannot ${action} ${id}`);
    }
  }

  /** `+`/`-` (the key checked the lifecycle and the ends): the answer is the job with its new priority. */
  async changePriority(job: Job, priority: Priority): Promise<void> {
    this.store.update((s) => S.setMessage(s, `Changing the priority of ${job.id} to ${PRIORITY_LABELS[priority]}…`));
    try {
      const updated = await this.fetcher.setPriority(job.id, priority);
      this.log(`priority ${job.id} ${job.priority} -> ${updated.priority}`);
      this.store.update((s) => S.setMessage(S.jobChanged(s, updated), priorityAnswerText(job, updated)));
    } catch (err) {
      this.fail(err, `Cannot change the priority of ${job.id}`);
    }
  }

  /** The header's lanes; a failure keeps the last ones on screen, marked as not refreshed. */
  async loadLanes(): Promise<void> {
    const gen = ++this.lanesGen;
    this.store.update(L.lanesRequested);
    try {
      const data = await this.fetcher.lanes();
      if (gen !== this.lanesGen) return;
      this.store.update((s) => L.lanesLoaded(s, data, this.now()));
    } catch (err) {
      if (gen !== this.lanesGen) return;
      const text = `Loading lanes failed: ${errorMessage(err)}`;
      this.log(text);
      this.store.update((s) => L.lanesFailed(s, text));
    }
  }

  /**
   * The header's sparkline: the last half hour, a point a minute. Never a message (it is a glance, not something a key
   * asked for): a member's 403 or a server without metrics hides it, and only the first of a run of failures is logged.
   */
  async loadMetrics(): Promise<void> {
    if (!this.fetcher.metrics || this.store.get().metrics.unavailable) return;
    const gen = ++this.metricsGen;
    const now = this.now();
    // From the start of a minute: every point but the current one is a whole minute.
    const from = new Date((Math.floor(now / MINUTE_MS) - SPARK_MINUTES) * MINUTE_MS).toISOString();
    try {
      const res = await this.fetcher.metrics({ from, to: new Date(now).toISOString(), step: "1m" });
      if (gen === this.metricsGen) this.store.update((s) => M.metricsLoaded(s, res.series, now));
    } catch (err) {
      if (gen !== this.metricsGen) return;
      if (!this.store.get().metrics.failing) {
        this.log(`Loading metrics failed (the sparkline is hidden): ${errorMessage(err)}`);
      }
      this.store.update((s) => M.metricsFailed(s, refused(err)));
    }
  }

  /**
   * The header's open alert incidents. Like the sparkline, never a message: a refusal or a server without alerts hides
   * them and stops the reads until the next connect, and only the first of a run of failures is logged.
   */
  async loadAlerts(): Promise<void> {
    if (!this.fetcher.firingAlerts || this.store.get().alerts.unavailable) return;
    const gen = ++this.alertsGen;
    try {
      const res = await this.fetcher.firingAlerts();
      if (gen === this.alertsGen) this.store.update((s) => A.alertsLoaded(s, res));
    } catch (err) {
      if (gen !== this.alertsGen) return;
      if (!this.store.get().alerts.failing) {
        this.log(`Loading alerts failed (the header shows none): ${errorMessage(err)}`);
      }
      this.store.update((s) => A.alertsFailed(s, refused(err)));
    }
  }

  /** `L`: the pane opens at once on the lanes the header has, and refreshes them. */
  async openLanes(): Promise<void> {
    this.store.update(L.openLanes);
    await this.loadLanes();
  }

  /**
   * After y in the lanes pane: the answer is the lanes as they are now. The jobs of the type changed why they wait,
   * and those that had no slot send no event for it, so the page reloads too.
   */
  async laneAction(type: string, action: L.LaneAction): Promise<void> {
    this.store.update((s) => S.setMessage(s, `${action === "pause" ? "Pausing" : "Resuming"} ${type}…`));
    const gen = ++this.lanesGen;
    let text: string;
    try {
      const data = await this.fetcher.laneAction(type, action);
      text = laneOutcomeText(type, action, data, this.now());
      if (gen === this.lanesGen) this.store.update((s) => L.lanesLoaded(s, data, this.now()));
    } catch (err) {
      this.fail(err, `Cannot ${action} ${type}`);
      return;
    }
    this.log(`lane ${action} ${type}: ${text}`);
    this.store.update((s) => S.setMessage(s, text));
    await this.loadPage();
  }
}
