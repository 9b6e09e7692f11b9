// The one-line filter pickers behind `f` (status) and `t` (type): numbered choices, a digit picks. Pure.
import { JOB_TYPES, typeLabel, typeShortName } from "../worker/api/job-types.ts";
import { JOB_STATUSES, STATUS_LABELS } from "../worker/api/schema.ts";
import { escapeTags, SHORT_LABELS, textWidth } from "./format.ts";
import type { Filter } from "./state.ts";

export type PickerKind = "status" | "type";

interface Choice {
  label: string;
  /** For a terminal too narrow for the labels. */
  short: string;
  apply(filter: Filter): Filter;
  current(filter: Filter): boolean;
}

/** Choice 0 is always "all"; digits 1…9 follow the declared order, so they never move between releases. */
export function pickerChoices(kind: PickerKind): Choice[] {
  const choices: Choice[] =
    kind === "status"
      ? [undefined, ...JOB_STATUSES].map((st) => ({
          label: st ? STATUS_LABELS[st] : "all",
          short: st ? SHORT_LABELS[st] : "all",
          apply: (f) => ({ ...f, status: st }),
          current: (f) => f.status === st,
        }))
      : [undefined, ...JOB_TYPES].map((t) => ({
          label: t ? typeLabel(t) : "all",
          short: t ? typeShortName(t) : "all",
          apply: (f) => ({ ...f, type: t }),
          current: (f) => f.type === t,
        }));
  // One key per choice: a list that outgrew the digits would need a real menu, not a silently cut one.
  if (choices.length > 10) throw new Error(`the ${kind} picker has ${choices.length} choices; digits cover 10`);
  return choices;
}

const TITLES: Record<PickerKind, string> = { status: "Status", type: "Type" };

/** The filter after pressing `key` in the picker, or null when the key is not one of its digits. */
export function pickFilter(kind: PickerKind, filter: Filter, key: string): Filter | null {
  if (!/^\d$/.test(key)) return null;
  return pickerChoices(kind)[Number(key)]?.apply(filter) ?? null;
}

/**
 * "Status: 0 all  1 Pending  2 Running …  Esc cancels", tightened until it fits: one-space gaps, then without the
 * hint, then the longest labels shortened one by one ("Dead Letter" → "Dead"), so most choices keep their words.
 * The current choice is drawn in inverse (not a colour, so also under NO_COLOR). Returns blessed-tagged text.
 */
export function pickerLine(kind: PickerKind, filter: Filter, width: number): string {
  const choices = pickerChoices(kind);
  const names = choices.map((c) => c.label);
  const text = (gap: string, tail: boolean) =>
    `${TITLES[kind]}: ${names.map((n, i) => `${i} ${n}`).join(gap)}${tail ? "  Esc cancels" : ""}`;
  const fits = (gap: string, tail: boolean) => textWidth(text(gap, tail)) <= width;
  let gap = "  ";
  let tail = true;
  if (!fits(gap, tail)) gap = " ";
  if (!fits(gap, tail)) tail = false;
  while (!fits(gap, tail)) {
    // The longest label that still has a shorter form.
    const i = names.reduce<number>((best, n, j) => {
      const longer = textWidth(n) > textWidth(names[best] ?? "");
      return n !== choices[j]?.short && (best < 0 || longer) ? j : best;
    }, -1);
    if (i < 0) break; // all short already: let the status line cut it
    names[i] = choices[i]?.short ?? "";
  }
  const items = choices.map((c, i) => {
    const item = escapeTags(`${i} ${names[i]}`);
    return c.current(filter) ? `{inverse}${item}{/inverse}` : item;
  });
  return `${TITLES[kind]}: ${items.join(gap)}${tail ? "  Esc cancels" : ""}`;
}
