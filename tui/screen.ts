// Creating a blessed screen on any terminal stream (local TTY or SSH channel) the way PLATFORM §9 verified.
import type { Readable, Writable } from "node:stream";
import type { Widgets } from "blessed";
import blessed from "blessed";

/**
 * blessed cannot read Debian's newer `*-256color` terminfo files (it dumps generated code or drops to 8 colours),
 * and tmux/screen TERMs are no better: map every terminal to the two entries blessed ships itself.
 */
export function blessedTerminal(term: string | undefined): string {
  return /256/.test(term ?? "") ? "xterm-256color" : "xterm";
}

/** NO_COLOR (no-color.org): present and not empty disables colour. */
export function colorEnabled(env: Record<string, string | undefined>): boolean {
  return !env.NO_COLOR;
}

export function createScreen(input: Readable, output: Writable, term: string | undefined): Widgets.Screen {
  return blessed.screen({
    // @types/blessed has input/output swapped; a TTY or channel stream is both anyway.
    input: input as unknown as Writable,
    output: output as unknown as Readable,
    terminal: blessedTerminal(term),
    smartCSR: true,
    fullUnicode: true,
    autoPadding: true,
    warnings: false,
    title: "DutyLeak Jobs",
  } as Widgets.IScreenOptions);
}
