// CLI of `npm run tui:ssh`: serve the dashboard over SSH, or `add-key` to map a public key to an API token.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { appendAuthorizedKey } from "./authorized-keys.ts";
import { runCli } from "./cli.ts";
import { configDir, normalizeUrl } from "./config.ts";
import { HttpFetcher } from "./fetcher.ts";
import { fileLogger, type Logger } from "./log.ts";
import { promptHidden } from "./prompt.ts";
import { createSshServer, ensureHostKey, fingerprint } from "./ssh.ts";

// Beside the login token, never in the working directory: the file holds API tokens, and `npm run` resolves a
// relative path against the repository root, where one would sit one `git add .` away from a commit.
const defaultAuthorizedKeys = () => join(configDir(), "ssh_authorized_keys");
const defaultHostKey = () => join(configDir(), "ssh_host_ed25519_key");

const USAGE = `Usage:
  npm run tui:ssh -- add-key --key <file.pub | "ssh-ed25519 AAAA…"> [--authorized-keys <file>] [--token <api token>]
  npm run tui:ssh -- add-key --key <file.pub> --email <email> --workspace <slug> [--url <api base>]
  npm run tui:ssh -- [--port 2222] [--host 127.0.0.1] [--url <api base>] [--authorized-keys <file>]
                     [--host-key <path>] [--idle-timeout <seconds>] [--log <file>]

Each line of the authorized-keys file is "<ssh public key> [workspace=<slug>] <api token>" (see
tui/authorized-keys.ts); add-key prompts for the token (or reads one line from stdin) and creates the file 0600.
With --email it logs in instead (prompting for the password) and records the token's workspace, which the
dashboard's header then shows, as "npm run tui -- login" does for the local one. The file defaults to
${defaultAuthorizedKeys()}.
The API URL defaults to $DUTYLEAK_URL, then http://127.0.0.1:8787. The host key defaults to
${defaultHostKey()} and is generated (ed25519, 0600) on first start.`;

interface AddKeyFlags {
  "authorized-keys"?: string;
  key?: string;
  token?: string;
  email?: string;
  workspace?: string;
  url?: string;
}

/** A token and, when it comes from a login, its workspace (the API answers which one it is). */
async function tokenForKey(values: AddKeyFlags): Promise<{ token: string; workspace: string | null }> {
  if (!values.email) {
    // Prompted rather than required as a flag: a token on the command line ends up in shell history and `ps`.
    return { token: values.token ?? (await promptHidden("API token for this key: ")), workspace: null };
  }
  const url = normalizeUrl(values.url ?? process.env.DUTYLEAK_URL ?? "http://127.0.0.1:8787");
  const password = await promptHidden(`Password for ${values.email}: `);
  const res = await new HttpFetcher({ url }).login(url, values.email, password, values.workspace);
  return { token: res.token, workspace: res.workspace.slug };
}

async function addKey(values: AddKeyFlags): Promise<number> {
  const file = values["authorized-keys"] ?? defaultAuthorizedKeys();
  if (!values.key || (values.email && values.token)) {
    process.stderr.write(`add-key needs --key, and either --token or --email (not both)\n\n${USAGE}\n`);
    return 2;
  }
  const line = existsSync(values.key) ? readFileSync(values.key, "utf8") : values.key;
  const { token, workspace } = await tokenForKey(values);
  const added = appendAuthorizedKey(file, line, token.trim(), workspace);
  const comment = added.comment ? ` (${added.comment})` : "";
  const where = workspace ? ` for workspace ${workspace}` : "";
  process.stdout.write(`Added ${added.key.type} key${comment}${where} to ${file}\n`);
  return 0;
}

function serve(values: Record<string, string | boolean | undefined>): number | undefined {
  const str = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : undefined);
  const keysPath = str("authorized-keys") ?? defaultAuthorizedKeys();
  // The file is read again at every login, but a server that cannot let anybody in is a mistake to say at once.
  if (!existsSync(keysPath)) {
    process.stderr.write(`No authorized-keys file at ${keysPath}: add a key first with "add-key"\n\n${USAGE}\n`);
    return 2;
  }
  const port = Number(str("port") ?? 2222);
  const host = str("host") ?? "127.0.0.1"; // loopback unless told otherwise: a bastion exposes it deliberately
  const idleSeconds = Number(str("idle-timeout") ?? 900);
  if (!Number.isInteger(port) || port <= 0 || !(idleSeconds > 0)) {
    process.stderr.write(`--port and --idle-timeout must be positive numbers\n`);
    return 2;
  }
  const url = normalizeUrl(str("url") ?? process.env.DUTYLEAK_URL ?? "http://127.0.0.1:8787");
  const hostKeyPath = str("host-key") ?? defaultHostKey();
  const hostKey = ensureHostKey(hostKeyPath);
  // This process has no dashboard of its own, so its log may go to stderr; --log sends it to a file instead.
  const logPath = str("log");
  const log: Logger = logPath
    ? fileLogger(logPath)
    : (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  const ssh = createSshServer({ authorizedKeysPath: keysPath, hostKey, url, idleTimeoutMs: idleSeconds * 1000, log });
  ssh.server.listen(port, host, () => {
    log(`serving the dashboard for ${url} on ssh://${host}:${port} (host key ${fingerprint(hostKey)})`);
  });
  let stopping = false;
  const stop = (sig: string) => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: closing sessions`);
    // Give clients a moment to get their terminals restored, but never hang on a stuck one.
    setTimeout(() => process.exit(0), 3000).unref();
    void ssh.close().then(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  return undefined;
}

async function main(argv: string[]): Promise<number | undefined> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      url: { type: "string" },
      "authorized-keys": { type: "string" },
      "host-key": { type: "string" },
      "idle-timeout": { type: "string" },
      log: { type: "string" },
      key: { type: "string" },
      token: { type: "string" },
      email: { type: "string" },
      workspace: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals[0] === "add-key" && positionals.length === 1) return addKey(values);
  if (positionals.length > 0) {
    process.stderr.write(`Unknown command: ${positionals.join(" ")}\n\n${USAGE}\n`);
    return 2;
  }
  return serve(values);
}

runCli(main);
