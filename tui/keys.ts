// The key table and the key dispatcher: plain functions of (context, key), testable without a terminal.

import type { ErrorGroup } from "../worker/api/find-and-fix.ts";
import { isJobType, typeLabel } from "../worker/api/job-types.ts";
import type { Lane } from "../worker/api/lanes.ts";
import { canApply } from "../worker/api/lifecycle.ts";
import type { ScheduleJson } from "../worker/api/schedules.ts";
import { type Job, STATUS_LABELS } from "../worker/api/schema.ts";
import type { Actions } from "./actions.ts";
import { type BulkAction, bulkPrompt, bulkRefusal, declinedText, planBulk } from "./bulk.ts";
import { laneDeclined, lanePrompt } from "./lanes-pane.ts";
import * as L from "./lanes-state.ts";
import { pickFilter } from "./picker.ts";
import { planPriority } from "./priority.ts";
import { scheduleDeclined, schedulePrompt } from "./schedules-pane.ts";
import * as SS from "./schedules-state.ts";
import * as S from "./state.ts";

export interface KeyContext {
  store: S.Store;
  actions: Actions;
  /** Puts text on the user's clipboard (OSC 52 through the screen's own output, so over SSH too). */
  copy(text: string): void;
  quit(): void;
}

export interface KeyBinding {
  /** blessed key names (`key.full`): "up", "j", "enter", "C-c", "pagedown", "?", "space". */
  keys: string[];
  label: string;
  /** A second help line under this key's: what it deliberately does not do. */
  note?: string;
  /** Its entry in a pane's one-line key bar ("Enter its jobs"); without one it is left out of the bar. */
  hint?: string;
  /** `key` is the one pressed, for a binding whose keys are two directions of one thing (`+`/`-`). */
  action(ctx: KeyContext, key: string): void | Promise<void>;
}

function onTarget(ctx: KeyContext, fn: (job: Job) => void | Promise<void>): void | Promise<void> {
  const job = S.targetJob(ctx.store.get());
  if (!job) return ctx.store.update((s) => S.setMessage(s, "No job selected."));
  return fn(job);
}

function say(ctx: KeyContext, text: string): void {
  ctx.store.update((s) => S.setMessage(s, text));
}

async function refilter(ctx: KeyContext, fn: (s: S.State) => S.State): Promise<void> {
  ctx.store.update((s) => S.closeDetail(fn(s)));
  await ctx.actions.loadPage();
}

/**
 * r and c act on the selection while there is one, except from the detail pane, which is about the job it shows.
 * Returns false when the key is about a single job after all.
 */
function onSelection(ctx: KeyContext, action: BulkAction): boolean {
  const s = ctx.store.get();
  if (s.detail || s.marked.size === 0) return false;
  const plan = planBulk(S.markedJobs(s), action);
  if (plan.applicable === 0) say(ctx, bulkRefusal(plan));
  else {
    const confirm: S.Confirm = {
      kind: "bulk",
      action,
      ids: plan.ids,
      prompt: bulkPrompt(plan),
      declined: declinedText(action),
    };
    ctx.store.update((cur) => S.askConfirm(cur, confirm));
  }
  return true;
}

export const KEYS: KeyBinding[] = [
  {
    // One line in the help for both directions: at 80x24 the overlay has no line to spare.
    keys: ["up", "k", "down", "j"],
    label: "move up / down",
    action: (ctx, key) => ctx.store.update((s) => S.moveSelection(s, key === "up" || key === "k" ? -1 : 1)),
  },
  {
    keys: ["enter"],
    label: "details",
    action: (ctx) => onTarget(ctx, (job) => ctx.actions.openDetail(job.id)),
  },
  {
    keys: ["r"],
    label: "retry (the selection if any)",
    action: (ctx) => {
      if (onSelection(ctx, "retry")) return;
      return onTarget(ctx, (job) =>
        canApply(job.status, "retry")
          ? ctx.actions.act(job.id, "retry")
          : say(
              ctx,
              `Only failed, dead-letter or cancelled jobs can be retried; this one is ${STATUS_LABELS[job.status]}.`,
            ),
      );
    },
  },
  {
    keys: ["c"],
    label: "cancel, asks (the selection if any)",
    action: (ctx) => {
      if (onSelection(ctx, "cancel")) return;
      return onTarget(ctx, (job) => {
        if (!canApply(job.status, "cancel")) return say(ctx, `This job is already ${STATUS_LABELS[job.status]}.`);
        const prompt = `Cancel job ${job.id} (${typeLabel(job.type)}, ${STATUS_LABELS[job.status]})? y/n`;
        ctx.store.update((s) =>
          S.askConfirm(s, { kind: "one", action: "cancel", jobId: job.id, prompt, declined: "Not cancelled." }),
        );
      });
    },
  },
  {
    keys: ["p"],
    label: "pause / resume",
    action: (ctx) =>
      onTarget(ctx, (job) => {
        if (canApply(job.status, "pause")) return ctx.actions.act(job.id, "pause");
        if (canApply(job.status, "resume")) return ctx.actions.act(job.id, "resume");
        say(ctx, `Only pending or running jobs can be paused; this one is ${STATUS_LABELS[job.status]}.`);
      }),
  },
  {
    keys: ["+", "-"],
    label: "priority up / down (a pending job)",
    action: (ctx, key) =>
      onTarget(ctx, (job) => {
        const plan = planPriority(job, key === "+" ? "up" : "down");
        if ("refusal" in plan) return say(ctx, plan.refusal);
        return ctx.actions.changePriority(job, plan.priority);
      }),
  },
  { keys: ["space"], label: "select row, move down", action: (ctx) => ctx.store.update(S.toggleMark) },
  { keys: ["a"], label: "select / unselect the page", action: (ctx) => ctx.store.update(S.toggleMarkAll) },
  {
    keys: ["y"],
    label: "copy the job id",
    action: (ctx) =>
      onTarget(ctx, (job) => {
        ctx.copy(job.id);
        say(ctx, `Copied ${job.id}`);
      }),
  },
  {
    keys: ["f"],
    label: "filter by status (digits)",
    action: (ctx) => ctx.store.update((s) => S.setPicker(s, "status")),
  },
  { keys: ["t"], label: "filter by type (digits)", action: (ctx) => ctx.store.update((s) => S.setPicker(s, "type")) },
  {
    keys: ["/"],
    label: "find: part of an id, key, creator, payload, error",
    action: (ctx) => ctx.store.update((s) => S.setFind(s, "")),
  },
  {
    keys: ["e"],
    label: "error groups: Enter shows the jobs, r retries",
    note: "edit a payload on the web page",
    action: (ctx) => ctx.actions.openErrors(),
  },
  {
    keys: ["S-l"],
    label: "lanes: slots, queues, pause / resume a type",
    action: (ctx) => ctx.actions.openLanes(),
  },
  {
    keys: ["s"],
    label: "schedules (Admin): Enter its runs, r run now, p pause / resume",
    action: (ctx) => ctx.actions.schedules.open(),
  },
  { keys: ["n", "pagedown"], label: "next page", action: (ctx) => ctx.actions.nextPage() },
  { keys: ["b", "pageup"], label: "previous page", action: (ctx) => ctx.actions.previousPage() },
  {
    keys: ["g"],
    label: "refresh (the page, the lanes, the sparkline, the alerts)",
    action: async (ctx) => {
      const { actions } = ctx;
      await Promise.all([actions.loadPage(), actions.loadLanes(), actions.loadMetrics(), actions.loadAlerts()]);
    },
  },
  { keys: ["?"], label: "help", action: (ctx) => ctx.store.update((s) => S.setHelp(s, !s.help)) },
  {
    keys: ["escape"],
    label: "close pane / end search or group / unselect",
    action: (ctx) => {
      // The narrowest thing first: a search or a group is left before a selection made across lists is dropped.
      if (ctx.store.get().scope) return ctx.actions.rescope(S.clearScope);
      const n = ctx.store.get().marked.size;
      if (n > 0) ctx.store.update((s) => S.setMessage(S.clearMarks(s), `Selection of ${n} cleared.`));
    },
  },
  { keys: ["q", "C-c"], label: "quit", action: (ctx) => ctx.quit() },
];

function onGroup(ctx: KeyContext, fn: (group: ErrorGroup) => void | Promise<void>): void | Promise<void> {
  const group = S.selectedGroup(ctx.store.get());
  if (!group) return say(ctx, "No error group selected.");
  return fn(group);
}

/** The keys of the error groups pane (`e`), which takes every key while it is open. */
export const ERROR_KEYS: KeyBinding[] = [
  {
    keys: ["up", "k"],
    label: "move up",
    hint: "↑↓ move",
    action: (ctx) => ctx.store.update((s) => S.moveErrorSelection(s, -1)),
  },
  { keys: ["down", "j"], label: "move down", action: (ctx) => ctx.store.update((s) => S.moveErrorSelection(s, 1)) },
  {
    keys: ["enter"],
    label: "the group's jobs in the list (Esc returns)",
    hint: "Enter its jobs",
    action: (ctx) => onGroup(ctx, (group) => ctx.actions.rescope((s) => S.showErrorGroup(s, group))),
  },
  {
    keys: ["r"],
    label: "retry every failed / dead-letter job of the group, asks",
    hint: "r retry group",
    action: (ctx) => onGroup(ctx, (group) => ctx.actions.previewReplay(group.signature)),
  },
  { keys: ["g"], label: "refresh", hint: "g refresh", action: (ctx) => ctx.actions.loadErrors() },
  { keys: ["?"], label: "help", hint: "? help", action: (ctx) => ctx.store.update((s) => S.setHelp(s, true)) },
  { keys: ["escape", "q"], label: "close", hint: "Esc close", action: (ctx) => ctx.store.update(S.closeErrors) },
];

function onLane(ctx: KeyContext, fn: (lane: Lane) => void | Promise<void>): void | Promise<void> {
  const lane = L.selectedLane(ctx.store.get());
  if (!lane) return say(ctx, "No job type selected.");
  return fn(lane);
}

/** The keys of the lanes pane (`L`), which takes every key while it is open. */
export const LANE_KEYS: KeyBinding[] = [
  {
    keys: ["up", "k"],
    label: "move up",
    hint: "↑↓ move",
    action: (ctx) => ctx.store.update((s) => L.moveLaneSelection(s, -1)),
  },
  { keys: ["down", "j"], label: "move down", action: (ctx) => ctx.store.update((s) => L.moveLaneSelection(s, 1)) },
  {
    keys: ["p"],
    label: "pause / resume the type, asks",
    hint: "p pause/resume",
    action: (ctx) =>
      onLane(ctx, (lane) => {
        const action: L.LaneAction = lane.paused ? "resume" : "pause";
        const confirm: S.Confirm = {
          kind: "lane",
          action,
          laneType: lane.type,
          prompt: lanePrompt(lane, action),
          declined: laneDeclined(lane, action),
        };
        ctx.store.update((s) => S.askConfirm(s, confirm));
      }),
  },
  {
    keys: ["enter"],
    label: "the type's jobs in the list",
    hint: "Enter its jobs",
    action: (ctx) =>
      onLane(ctx, (lane) => {
        if (!isJobType(lane.type)) return say(ctx, `This dashboard does not know the type ${lane.type}.`);
        const type = lane.type;
        return refilter(ctx, (s) => S.setFilter(L.closeLanes(s), { ...s.filter, type }));
      }),
  },
  { keys: ["g"], label: "refresh", hint: "g refresh", action: (ctx) => ctx.actions.loadLanes() },
  { keys: ["?"], label: "help", hint: "? help", action: (ctx) => ctx.store.update((s) => S.setHelp(s, true)) },
  { keys: ["escape", "q"], label: "close", hint: "Esc close", action: (ctx) => ctx.store.update(L.closeLanes) },
];

function onSchedule(ctx: KeyContext, fn: (schedule: ScheduleJson) => void | Promise<void>): void | Promise<void> {
  const schedule = SS.selectedSchedule(ctx.store.get());
  if (!schedule) return say(ctx, "No schedule selected.");
  return fn(schedule);
}

/** Run now, pause and resume all ask first, saying what will and will not happen. */
function askSchedule(ctx: KeyContext, schedule: ScheduleJson, action: SS.ScheduleAction): void {
  const read = ctx.store.get().schedules?.runs.get(schedule.id);
  const confirm: S.Confirm = {
    kind: "schedule",
    action,
    scheduleId: schedule.id,
    prompt: schedulePrompt(schedule, action, read, Date.now()),
    declined: scheduleDeclined(schedule, action),
  };
  ctx.store.update((s) => S.askConfirm(s, confirm));
}

const SCHEDULE_MOVE: KeyBinding[] = [
  {
    keys: ["up", "k"],
    label: "move up",
    hint: "↑↓ move",
    action: (ctx) => ctx.store.update((s) => SS.moveScheduleSelection(s, -1)),
  },
  {
    keys: ["down", "j"],
    label: "move down",
    action: (ctx) => ctx.store.update((s) => SS.moveScheduleSelection(s, 1)),
  },
];

const SCHEDULE_ACTS: KeyBinding[] = [
  {
    keys: ["r"],
    label: "run now (one job, cron times unchanged), asks",
    hint: "r run now",
    action: (ctx) => onSchedule(ctx, (schedule) => askSchedule(ctx, schedule, "run")),
  },
  {
    keys: ["p"],
    label: "pause / resume the schedule, asks",
    hint: "p pause/resume",
    action: (ctx) => onSchedule(ctx, (schedule) => askSchedule(ctx, schedule, schedule.enabled ? "pause" : "resume")),
  },
];

const SCHEDULE_REFRESH: KeyBinding = {
  keys: ["g"],
  label: "refresh",
  hint: "g refresh",
  action: (ctx) => {
    const history = ctx.store.get().schedules?.history;
    return history ? ctx.actions.schedules.loadRuns(history.id) : ctx.actions.schedules.load();
  },
};

const PANE_HELP: KeyBinding = {
  keys: ["?"],
  label: "help",
  hint: "? help",
  action: (ctx) => ctx.store.update((s) => S.setHelp(s, true)),
};

/** The keys of the schedules pane (`s`) while it lists the schedules; it takes every key while it is open. */
export const SCHEDULE_KEYS: KeyBinding[] = [
  ...SCHEDULE_MOVE,
  ...SCHEDULE_ACTS,
  {
    keys: ["enter"],
    label: "the schedule's latest runs",
    hint: "Enter its runs",
    action: (ctx) => onSchedule(ctx, (schedule) => ctx.actions.schedules.openRuns(schedule.id)),
  },
  SCHEDULE_REFRESH,
  PANE_HELP,
  {
    keys: ["escape", "q"],
    label: "close",
    hint: "Esc close",
    action: (ctx) => ctx.store.update(SS.closeSchedules),
  },
];

/** The keys of the schedules pane while it shows one schedule's runs (Enter on a schedule). */
export const SCHEDULE_RUN_KEYS: KeyBinding[] = [
  ...SCHEDULE_MOVE,
  {
    keys: ["enter"],
    label: "the run's job in the detail pane (Esc returns here)",
    hint: "Enter its job",
    action: (ctx) => {
      const run = SS.selectedRun(ctx.store.get());
      if (!run) return say(ctx, "No run selected.");
      if (!run.job_id) return say(ctx, `This run created no job${run.detail ? `: ${run.detail}` : "."}`);
      return ctx.actions.openDetail(run.job_id);
    },
  },
  ...SCHEDULE_ACTS,
  SCHEDULE_REFRESH,
  PANE_HELP,
  {
    keys: ["escape"],
    label: "back to the schedules",
    hint: "Esc back",
    action: (ctx) => ctx.store.update(SS.closeHistory),
  },
  { keys: ["q"], label: "close", hint: "q close", action: (ctx) => ctx.store.update(SS.closeSchedules) },
];

const KEY_NAMES: Record<string, string> = {
  up: "↑",
  down: "↓",
  enter: "Enter",
  escape: "Esc",
  pagedown: "PgDn",
  pageup: "PgUp",
  "C-c": "Ctrl-C",
  space: "Space",
  "S-l": "L",
};

const keyText = (keys: string[], sep: string) => keys.map((k) => KEY_NAMES[k] ?? k).join(sep);

/** Lines for the help overlay, generated from the table so help can never disagree with the keys. */
export function helpLines(bindings: KeyBinding[] = KEYS): string[] {
  return bindings.flatMap((b) => {
    const line = `${keyText(b.keys, " ").padEnd(10)} ${b.label}`;
    return b.note ? [line, `${" ".repeat(11)}(${b.note})`] : [line];
  });
}

/** The one-line key bar of a pane, from its table: the bindings that have a hint, in the table's order. */
export function paneHints(bindings: KeyBinding[] = ERROR_KEYS): string[] {
  return bindings.flatMap((b) => (b.hint ? [b.hint] : []));
}

/** blessed reports "\r" both as "return" and as "enter": keep one, and treat a bare "\n" as Enter too. */
export function keyName(ch: string | undefined, key: { full?: string } | undefined): string | null {
  const name = key?.full ?? ch ?? null;
  if (name === "return") return null;
  if (name === "linefeed") return "enter";
  return name;
}

function printable(ch: string | undefined): ch is string {
  return ch !== undefined && ch.length === 1 && ch >= " " && ch !== "\x7f";
}

/**
 * Modal keys first (confirm, find prompt, picker, help, error groups, lanes, schedules unless a job it opened is
 * shown, detail pane), then the table.
 */
export async function handleKey(ctx: KeyContext, key: string, ch?: string): Promise<void> {
  const s = ctx.store.get();
  if (key === "C-c") return ctx.quit();
  if (s.confirm) {
    const confirm = s.confirm;
    ctx.store.update(S.clearConfirm);
    if (key !== "y") return say(ctx, confirm.declined);
    if (confirm.kind === "bulk") return ctx.actions.bulk(confirm.action, confirm.ids);
    if (confirm.kind === "replay") return ctx.actions.replay(confirm.signature);
    if (confirm.kind === "lane") return ctx.actions.laneAction(confirm.laneType, confirm.action);
    if (confirm.kind === "schedule") return ctx.actions.schedules.act(confirm.scheduleId, confirm.action);
    return ctx.actions.act(confirm.jobId, confirm.action);
  }
  if (s.find !== null) {
    if (key === "escape") return ctx.store.update((cur) => S.setFind(cur, null));
    if (key === "enter") {
      ctx.store.update((cur) => S.setFind(cur, null));
      return ctx.actions.find(s.find);
    }
    if (key === "backspace") return ctx.store.update((cur) => S.setFind(cur, s.find?.slice(0, -1) ?? ""));
    if (printable(ch)) return ctx.store.update((cur) => S.setFind(cur, (cur.find ?? "") + ch));
    return;
  }
  if (s.picker) {
    // A digit picks; any other key (Esc, the picker's own key again) closes it without acting.
    const kind = s.picker;
    ctx.store.update((cur) => S.setPicker(cur, null));
    const filter = pickFilter(kind, s.filter, key);
    if (filter) return refilter(ctx, (cur) => S.setFilter(cur, filter));
    return;
  }
  if (s.help) {
    if (key === "q") return ctx.quit();
    return ctx.store.update((cur) => S.setHelp(cur, false));
  }
  ctx.store.update((cur) => S.clearMessage(cur));
  if (s.errors) return ERROR_KEYS.find((b) => b.keys.includes(key))?.action(ctx, key);
  if (s.lanesPane) return LANE_KEYS.find((b) => b.keys.includes(key))?.action(ctx, key);
  // A job opened from a run covers the pane: its keys are the detail pane's, and Esc comes back to the runs.
  if (s.schedules && !s.detail) {
    const table = s.schedules.history ? SCHEDULE_RUN_KEYS : SCHEDULE_KEYS;
    return table.find((b) => b.keys.includes(key))?.action(ctx, key);
  }
  if (s.detail) {
    const scroll: Record<string, number> = { up: -1, k: -1, down: 1, j: 1, pageup: -10, pagedown: 10 };
    const delta = scroll[key];
    if (delta !== undefined) return ctx.store.update((cur) => S.scrollDetail(cur, delta));
    if (key === "enter" || key === "escape") return ctx.store.update(S.closeDetail);
  }
  const binding = KEYS.find((b) => b.keys.includes(key));
  await binding?.action(ctx, key);
}
