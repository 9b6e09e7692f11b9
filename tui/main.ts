// CLI entry of `npm run tui`: `login` stores a token; without a command it runs the dashboard on this terminal.
import { parseArgs } from "node:util";
import { errorMessage } from "../worker/api/errors.ts";
import { type App, startApp } from "./app.ts";
import { runCli } from "./cli.ts";
import { configPath, normalizeUrl, readConfig, resolveSettings, writeConfig } from "./config.ts";
import { HttpFetcher } from "./fetcher.ts";
import { defaultLogPath, fileLogger } from "./log.ts";
import { promptHidden } from "./prompt.ts";
import { colorEnabled, createScreen } from "./screen.ts";

const USAGE = `Usage:
  npm run tui -- login --url <base url> --email <email> [--workspace <slug>]
  npm run tui -- [--url <base url>] [--token <token>] [--log <file>]

The dashboard takes --url/--token, else DUTYLEAK_URL/DUTYLEAK_TOKEN, else what "login" stored in
${configPath()} (0600). It logs to ${defaultLogPath()} unless --log says otherwise.`;

async function login(values: { url?: string; email?: string; workspace?: string }): Promise<number> {
  if (!values.url || !values.email) {
    process.stderr.write(`login needs --url and --email\n\n${USAGE}\n`);
    return 2;
  }
  const url = normalizeUrl(values.url);
  const password = await promptHidden(`Password for ${values.email}: `);
  const res = await new HttpFetcher({ url }).login(url, values.email, password, values.workspace);
  const path = configPath();
  writeConfig(path, { url, token: res.token, workspace: res.workspace.slug });
  process.stdout.write(
    `Logged in to ${res.workspace.name} (${res.workspace.slug}) as ${res.role}; token stored in ${path}\n`,
  );
  if (res.role !== "owner" && res.role !== "admin") {
    // The token is still stored: roles come from membership, so it works as soon as an owner promotes the account.
    process.stderr.write(
      `Note: this account is a ${res.role} of ${res.workspace.slug}; the job dashboard needs Admin.\n`,
    );
  }
  return 0;
}

function dashboard(values: { url?: string; token?: string; log?: string }): number | undefined {
  const settings = resolveSettings(values, process.env, readConfig(configPath()));
  if (!settings) {
    process.stderr.write(`No server or token: run "npm run tui -- login --url … --email …" first.\n\n${USAGE}\n`);
    return 2;
  }
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write("The dashboard needs a terminal (stdin and stdout must be a TTY).\n");
    return 2;
  }
  const logPath = values.log ?? defaultLogPath();
  const log = fileLogger(logPath);
  const screen = createScreen(process.stdin, process.stdout, process.env.TERM);
  let app: App | undefined;
  let exitCode = 0;
  let crashMessage = "";
  const leave = () => {
    // Only once the screen is destroyed is the terminal back in its normal mode and ours to print on.
    if (crashMessage) process.stderr.write(crashMessage);
    process.exit(exitCode);
  };
  // Our own handlers replace blessed's (which only act when they are alone), so the screen is always restored.
  const crash = (err: unknown) => {
    log(`crash: ${err instanceof Error ? err.stack : String(err)}`);
    exitCode = 1;
    crashMessage = `dutyleak tui crashed: ${errorMessage(err)} (details in ${logPath})\n`;
    if (app) return app.stop();
    screen.destroy();
    leave();
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(sig, () => app?.stop());
  try {
    app = startApp({
      screen,
      fetcher: new HttpFetcher(settings),
      url: settings.url,
      token: settings.token,
      workspace: settings.workspace,
      color: colorEnabled(process.env),
      log,
      onExit: leave,
    });
  } catch (err) {
    crash(err);
  }
  return undefined;
}

async function main(argv: string[]): Promise<number | undefined> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: "string" },
      token: { type: "string" },
      email: { type: "string" },
      workspace: { type: "string" },
      log: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals[0] === "login" && positionals.length === 1) return login(values);
  if (positionals.length > 0) {
    process.stderr.write(`Unknown command: ${positionals.join(" ")}\n\n${USAGE}\n`);
    return 2;
  }
  return dashboard(values);
}

runCli(main);
