// The dashboard's async commands: each calls the Fetcher and folds the answer (or the error) into the Store.
import { errorMessage } from "../worker/api/errors.ts";
import type { OperatorAction } from "../worker/api/lifecycle.ts";
import type { Fetcher } from "./fetcher.ts";
import type { Logger } from "./log.ts";
import * as S from "./state.ts";

const PAST: Record<OperatorAction, string> = {
  retry: "Retry requested",
  cancel: "Cancel requested",
  pause: "Pause requested",
  resume: "Resume requested",
};

export class Actions {
  /** Bumped per list request, so a slow answer for an old filter or page never overwrites a newer one. */
  private listGen = 0;

  constructor(
    readonly store: S.Store,
    readonly fetcher: Fetcher,
    private readonly log: Logger = () => {},
  ) {}

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
      const res = await this.fetcher.listJobs(s.filter, S.currentCursor(s), s.pageSize);
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

  /** Find by id: a (suffix of a) visible id selects that row; anything else is looked up on the server. */
  async find(query: string): Promise<void> {
    const q = query.trim();
    if (!q) return;
    const s = this.store.get();
    const idx = s.rows.findIndex((j) => j.id === q || (q.length >= 4 && j.id.endsWith(q)));
    const row = s.rows[idx];
    if (row) {
      this.store.update((cur) => ({ ...cur, selected: idx }));
      return this.openDetail(row.id);
    }
    return this.openDetail(q);
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
}
