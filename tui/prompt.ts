// Reading a secret (password, API token) from the terminal without echoing it; from a pipe, one line.
import type { Readable, Writable } from "node:stream";

type TtyIn = Readable & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };

export function promptHidden(
  question: string,
  input: TtyIn = process.stdin,
  output: Writable = process.stderr,
): Promise<string> {
  output.write(question);
  return new Promise((resolve, reject) => {
    let value = "";
    const raw = Boolean(input.isTTY && input.setRawMode);
    const done = (err?: Error) => {
      input.removeListener("data", onData);
      input.removeListener("end", onEnd);
      if (raw) input.setRawMode?.(false);
      input.pause();
      output.write("\n");
      if (err) reject(err);
      else resolve(value);
    };
    const onEnd = () => done();
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return done();
        if (ch === "\x03") return done(new Error("interrupted"));
        if (ch === "\x04") return done();
        if (ch === "\x7f" || ch === "\b") value = value.slice(0, -1);
        else if (ch >= " ") value += ch;
      }
    };
    if (raw) input.setRawMode?.(true);
    input.on("data", onData);
    input.on("end", onEnd);
    input.resume();
  });
}
