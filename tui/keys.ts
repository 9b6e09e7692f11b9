// The key table and the key dispatcher: plain functions of (context, key), testable without a terminal.
import { canApply } from "../worker/api/lifecycle.ts";
import { type Job, STATUS_LABELS } from "../worker/api/schema.ts";
import type { Actions } from "./actions.ts";
import * as S from "./state.ts";

export interface KeyContext {
  store: S.Store;
  actions: Actions;
  quit(): void;
}

export interface KeyBinding {
  /** blessed key names (`key.full`): "up", "j", "enter", "C-c", "pagedown", "?". */
  keys: string[];
  label: string;
  action(ctx: KeyContext): void | Promise<void>;
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

export const KEYS: KeyBinding[] = [
  { keys: ["up", "k"], label: "move up", action: (ctx) => ctx.store.update((s) => S.moveSelection(s, -1)) },
  { keys: ["down", "j"], label: "move down", action: (ctx) => ctx.store.update((s) => S.moveSelection(s, 1)) },
  {
    keys: ["enter"],
    label: "details",
    action: (ctx) => onTarget(ctx, (job) => ctx.actions.openDetail(job.id)),
  },
  {
    keys: ["r"],
    label: "retry",
    action: (ctx) =>
      onTarget(ctx, (job) =>
        canApply(job.status, "retry")
          ? ctx.actions.act(job.id, "retry")
          : say(
              ctx,
              `Only failed, dead-letter or cancelled jobs can be retried; this one is ${STATUS_LABELS[job.status]}.`,
            ),
      ),
  },
  {
    keys: ["c"],
    label: "cancel (asks first)",
    action: (ctx) =>
      onTarget(ctx, (job) => {
        if (!canApply(job.status, "cancel")) return say(ctx, `This job is already ${STATUS_LABELS[job.status]}.`);
        const prompt = `Cancel job ${job.id} (${job.type}, ${STATUS_LABELS[job.status]})? y/n`;
        ctx.store.update((s) => S.askConfirm(s, { prompt, jobId: job.id, action: "cancel" }));
      }),
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
  { keys: ["f"], label: "cycle status filter", action: (ctx) => refilter(ctx, S.cycleStatusFilter) },
  { keys: ["t"], label: "cycle type filter", action: (ctx) => refilter(ctx, S.cycleTypeFilter) },
  { keys: ["/"], label: "find a job by id", action: (ctx) => ctx.store.update((s) => S.setFind(s, "")) },
  { keys: ["n", "pagedown"], label: "next page", action: (ctx) => ctx.actions.nextPage() },
  { keys: ["b", "pageup"], label: "previous page", action: (ctx) => ctx.actions.previousPage() },
  { keys: ["g"], label: "refresh", action: (ctx) => ctx.actions.loadPage() },
  { keys: ["?"], label: "help", action: (ctx) => ctx.store.update((s) => S.setHelp(s, !s.help)) },
  { keys: ["escape"], label: "close pane / prompt", action: (ctx) => ctx.store.update(S.closeDetail) },
  { keys: ["q", "C-c"], label: "quit", action: (ctx) => ctx.quit() },
];

const KEY_NAMES: Record<string, string> = {
  up: "↑",
  down: "↓",
  enter: "Enter",
  escape: "Esc",
  pagedown: "PgDn",
  pageup: "PgUp",
  "C-c": "Ctrl-C",
};

/** Lines for the help overlay, generated from the table so help can never disagree with the keys. */
export function helpLines(bindings: KeyBinding[] = KEYS): string[] {
  return bindings.map(
    (b) =>
      `${b.keys
        .map((k) => KEY_NAMES[k] ?? k)
        .join(" ")
        .padEnd(10)} ${b.label}`,
  );
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

/** Modal keys first (confirm, find prompt, help, detail pane), then the table. */
export async function handleKey(ctx: KeyContext, key: string, ch?: string): Promise<void> {
  const s = ctx.store.get();
  if (key === "C-c") return ctx.quit();
  if (s.confirm) {
    const confirm = s.confirm;
    ctx.store.update(S.clearConfirm);
    if (key === "y") return ctx.actions.act(confirm.jobId, confirm.action);
    return say(ctx, "Not cancelled.");
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
  if (s.help) {
    if (key === "q") return ctx.quit();
    return ctx.store.update((cur) => S.setHelp(cur, false));
  }
  ctx.store.update((cur) => S.clearMessage(cur));
  if (s.detail) {
    const scroll: Record<string, number> = { up: -1, k: -1, down: 1, j: 1, pageup: -10, pagedown: 10 };
    const delta = scroll[key];
    if (delta !== undefined) return ctx.store.update((cur) => S.scrollDetail(cur, delta));
    if (key === "enter" || key === "escape") return ctx.store.update(S.closeDetail);
  }
  const binding = KEYS.find((b) => b.keys.includes(key));
  await binding?.action(ctx);
}
