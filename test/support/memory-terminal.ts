// Test support: an in-memory terminal (a Duplex that looks like a TTY) for the TUI tests and the frame benchmark.
import { Duplex } from "node:stream";
import { VirtualScreen } from "./virtual-screen.ts";

export class MemoryTerminal extends Duplex {
  readonly isTTY = true;
  isRaw = false;
  columns: number;
  rows: number;
  /** Everything the screen wrote, in order. */
  readonly chunks: string[] = [];
  /** The same bytes replayed onto a text grid: what a user would see. */
  readonly vt: VirtualScreen;

  constructor(columns = 100, rows = 30) {
    super();
    this.columns = columns;
    this.rows = rows;
    this.vt = new VirtualScreen(columns, rows);
  }

  setRawMode(mode: boolean): this {
    this.isRaw = mode;
    return this;
  }

  override _read(): void {}

  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    const text = chunk.toString();
    this.chunks.push(text);
    this.vt.write(text);
    done();
  }

  /** Type as a user would: the bytes arrive as terminal input. */
  type(data: string): void {
    this.push(data);
  }

  /** The visible screen as lines of text. */
  lines(): string[] {
    return this.vt.lines();
  }

  output(): string {
    return this.chunks.join("");
  }

  bytes(): number {
    return this.chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
  }

  clear(): void {
    this.chunks.length = 0;
  }

  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.vt.resize(columns, rows);
    this.emit("resize");
  }
}
