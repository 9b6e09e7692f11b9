// Test support: reads colours and styles out of the SGR sequences in raw terminal output (what the drawer tests
// assert about colour, inverse and NO_COLOR), independent of the text grid in virtual-screen.ts.

const ESC = "\x1b";
// Built from strings because a regex literal with control characters trips the linter, for no gain here.
const SGR = new RegExp(`${ESC}\\[([\\d;]*)m`, "g");
const SGR_AT_END = new RegExp(`${ESC}\\[([\\d;]*)m$`);

/** The colour parameters in a stream's SGR sequences (30-37, 38;…, 40-47, 48;…, 90-97, 100-107). */
export function colourCodes(output: string): string[] {
  const found: string[] = [];
  for (const m of output.matchAll(SGR)) {
    const params = (m[1] ?? "").split(";").map(Number);
    for (const n of params) {
      if ((n >= 30 && n <= 38) || (n >= 40 && n <= 48) || (n >= 90 && n <= 97) || (n >= 100 && n <= 107)) {
        found.push(String(n));
      }
    }
  }
  return found;
}

/** The SGR parameters written right before the first occurrence of `text`, e.g. [0, 7, 31] for inverse red. */
export function styleBefore(output: string, text: string): number[] | null {
  let end = output.indexOf(text);
  if (end < 0) return null;
  const params: number[] = [];
  for (;;) {
    const m = SGR_AT_END.exec(output.slice(Math.max(0, end - 40), end));
    if (!m) return params;
    params.unshift(...(m[1] ?? "").split(";").map(Number));
    end -= m[0].length;
  }
}
