// Runs a CLI entry point: its exit code ends the process; an error is printed as one line (no stack) and exits 1.
// `undefined` means the command keeps running (the dashboard or the SSH server) and exits by itself later.
import { errorMessage } from "../worker/api/errors.ts";

export function runCli(main: (argv: string[]) => Promise<number | undefined>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code !== undefined) process.exit(code);
    },
    (err: unknown) => {
      process.stderr.write(`${errorMessage(err)}\n`);
      process.exit(1);
    },
  );
}
