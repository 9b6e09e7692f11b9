// Test support: a minimal VT100/xterm emulator (text only), so tests can read what blessed wrote as screen rows.
// It knows the sequences blessed emits for our widgets: cursor moves, erase, scroll region, insert/delete line.

const ESC = "\x1b";
// Built from strings because a regex literal with control characters trips the linter, for no gain here.
const CSI_AT_START = new RegExp(`^${ESC}\\[([?>!]?)([\\d;]*)([ -/]*)([@-~])`);
const OSC_END = new RegExp(`\u0007|${ESC}\\\\`);

export class VirtualScreen {
  private grid: string[][];
  private x = 0;
  private y = 0;
  private saved: [number, number] = [0, 0];
  private top = 0;
  private bottom: number;
  private pending = "";

  constructor(
    public cols: number,
    public rows: number,
  ) {
    this.grid = Array.from({ length: rows }, () => this.blank());
    this.bottom = rows - 1;
  }

  private blank(): string[] {
    return Array(this.cols).fill(" ");
  }

  resize(cols: number, rows: number): void {
    this.grid = Array.from({ length: rows }, (_, y) => {
      const old = this.grid[y] ?? [];
      return Array.from({ length: cols }, (_, x) => old[x] ?? " ");
    });
    this.cols = cols;
    this.rows = rows;
    this.top = 0;
    this.bottom = rows - 1;
  }

  /** The screen as lines, trailing spaces trimmed. */
  lines(): string[] {
    return this.grid.map((r) => r.join("").replace(/\s+$/, ""));
  }

  text(): string {
    return this.lines().join("\n");
  }

  write(data: string): void {
    const s = this.pending + data;
    this.pending = "";
    let i = 0;
    while (i < s.length) {
      const ch = s[i] as string;
      if (ch === "\x1b") {
        const consumed = this.escape(s, i);
        if (consumed === 0) {
          this.pending = s.slice(i); // an escape split across writes
          return;
        }
        i += consumed;
        continue;
      }
      i++;
      if (ch === "\r") this.x = 0;
      else if (ch === "\n") this.lineFeed();
      else if (ch === "\b") this.x = Math.max(0, this.x - 1);
      else if (ch >= " ") this.put(ch);
    }
  }

  private put(ch: string): void {
    if (this.x >= this.cols) {
      this.x = 0;
      this.lineFeed();
    }
    const row = this.grid[this.y];
    if (row) row[this.x] = ch;
    this.x++;
  }

  private lineFeed(): void {
    if (this.y === this.bottom) this.deleteLines(this.top, 1);
    else this.y = Math.min(this.rows - 1, this.y + 1);
  }

  private deleteLines(at: number, n: number): void {
    for (let k = 0; k < n; k++) {
      this.grid.splice(at, 1);
      this.grid.splice(this.bottom, 0, this.blank());
    }
  }

  private insertLines(at: number, n: number): void {
    for (let k = 0; k < n; k++) {
      this.grid.splice(this.bottom, 1);
      this.grid.splice(at, 0, this.blank());
    }
  }

  /** Returns how many characters the sequence at `i` spans, or 0 when it is incomplete. */
  private escape(s: string, i: number): number {
    const next = s[i + 1];
    if (next === undefined) return 0;
    if (next === "[") {
      const m = CSI_AT_START.exec(s.slice(i));
      if (!m) return s.length - i > 32 ? 2 : 0;
      this.csi(
        m[1] ?? "",
        (m[2] ?? "").split(";").map((p) => (p === "" ? Number.NaN : Number(p))),
        m[4] ?? "",
      );
      return m[0].length;
    }
    if (next === "]") {
      const end = s.slice(i).search(OSC_END);
      if (end < 0) return 0;
      return end + (s[i + end] === "\x07" ? 1 : 2);
    }
    if (next === "(" || next === ")") return s.length - i >= 3 ? 3 : 0;
    if (next === "7") this.saved = [this.x, this.y];
    else if (next === "8") [this.x, this.y] = this.saved;
    else if (next === "D") this.lineFeed();
    else if (next === "M") {
      if (this.y === this.top) this.insertLines(this.top, 1);
      else this.y = Math.max(0, this.y - 1);
    } else if (next === "c") this.resize(this.cols, this.rows);
    return 2;
  }

  private csi(prefix: string, params: number[], final: string): void {
    if (prefix) return; // private modes (cursor visibility, alternate screen, mouse): nothing to draw
    const p = (k: number, dflt: number) => {
      const v = params[k];
      return v === undefined || Number.isNaN(v) ? dflt : v;
    };
    const clampX = (x: number) => Math.max(0, Math.min(this.cols - 1, x));
    const clampY = (y: number) => Math.max(0, Math.min(this.rows - 1, y));
    switch (final) {
      case "H":
      case "f":
        this.y = clampY(p(0, 1) - 1);
        this.x = clampX(p(1, 1) - 1);
        break;
      case "A":
        this.y = clampY(this.y - p(0, 1));
        break;
      case "B":
        this.y = clampY(this.y + p(0, 1));
        break;
      case "C":
        this.x = clampX(this.x + p(0, 1));
        break;
      case "D":
        this.x = clampX(this.x - p(0, 1));
        break;
      case "G":
        this.x = clampX(p(0, 1) - 1);
        break;
      case "d":
        this.y = clampY(p(0, 1) - 1);
        break;
      case "K": {
        const row = this.grid[this.y];
        if (!row) break;
        const mode = p(0, 0);
        const [from, to] = mode === 0 ? [this.x, this.cols] : mode === 1 ? [0, this.x + 1] : [0, this.cols];
        for (let x = from; x < to; x++) row[x] = " ";
        break;
      }
      case "J": {
        const mode = p(0, 0);
        if (mode === 2 || mode === 3) this.grid = Array.from({ length: this.rows }, () => this.blank());
        else if (mode === 0) {
          this.csi("", [0], "K");
          for (let y = this.y + 1; y < this.rows; y++) this.grid[y] = this.blank();
        } else {
          this.csi("", [1], "K");
          for (let y = 0; y < this.y; y++) this.grid[y] = this.blank();
        }
        break;
      }
      case "r":
        this.top = clampY(p(0, 1) - 1);
        this.bottom = clampY(p(1, this.rows) - 1);
        this.x = 0;
        this.y = 0;
        break;
      case "L":
        if (this.y >= this.top && this.y <= this.bottom) this.insertLines(this.y, p(0, 1));
        break;
      case "M":
        if (this.y >= this.top && this.y <= this.bottom) this.deleteLines(this.y, p(0, 1));
        break;
      case "X": {
        const row = this.grid[this.y];
        for (let k = 0; row && k < p(0, 1) && this.x + k < this.cols; k++) row[this.x + k] = " ";
        break;
      }
      default:
        break; // SGR (m) and the rest change no text
    }
  }
}
