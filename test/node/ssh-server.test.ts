// The SSH server end to end: a real ssh2 client, a fake API on loopback, the dashboard's first frame and resize.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client, type ClientChannel, type ConnectConfig, utils } from "ssh2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuthorizedKey, parseAuthorizedKeys } from "../../tui/authorized-keys.ts";
import { createSshServer, ensureHostKey, type SshServer } from "../../tui/ssh.ts";
import { VirtualScreen } from "../support/virtual-screen.ts";

const dir = mkdtempSync(join(tmpdir(), "dl-ssh-"));
const userKey = utils.generateKeyPairSync("ed25519");
const strangerKey = utils.generateKeyPairSync("ed25519");
const keysPath = join(dir, "authorized_keys");
const hostKeyPath = join(dir, "host", "ssh_host_ed25519_key");
const seenTokens: string[] = [];
const logs: string[] = [];

const job = {
  id: "01JSSH0000000000000000000A",
  workspace_id: "w",
  type: "data_export",
  status: "dead_letter",
  progress: 60,
  processed: 6,
  total: 10,
  current_item: "batch 7",
  attempts: 5,
  max_attempts: 5,
  error: "R2 write timed out",
  created_by: null,
  created_at: "2026-11-17T10:00:00Z",
  started_at: "2026-11-17T10:00:01Z",
  completed_at: null,
  updated_at: "2026-11-17T10:00:02Z",
  run_after: null,
  result: null,
  control: null,
};

let api: HttpServer;
let ssh: SshServer;
let port: number;

function listen(server: { listen(port: number, host: string, cb: () => void): unknown; address(): unknown }) {
  return new Promise<number>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
  );
}

beforeAll(async () => {
  api = createServer((req, res) => {
    seenTokens.push(req.headers.authorization ?? "");
    if (req.url?.startsWith("/api/v1/jobs")) {
      const counts = { pending: 0, running: 0, completed: 0, failed: 0, cancelled: 0, paused: 0, dead_letter: 1 };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ jobs: [job], next_cursor: null, counts }));
      return;
    }
    res.writeHead(404).end();
  });
  // The live socket is refused: the dashboard must say "offline" and keep working over HTTP.
  api.on("upgrade", (_req, socket) => {
    socket.end("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");
  });
  const apiPort = await listen(api);
  writeFileSync(keysPath, `# test keys\n\n${userKey.public} alice@laptop tok_alice\n`, { mode: 0o600 });
  ssh = createSshServer({
    authorizedKeysPath: keysPath,
    hostKey: ensureHostKey(hostKeyPath),
    url: `http://127.0.0.1:${apiPort}`,
    idleTimeoutMs: 60_000,
    log: (l) => logs.push(l),
  });
  port = await listen(ssh.server);
}, 30_000);

afterAll(async () => {
  await ssh?.close();
  await new Promise((r) => api?.close(r));
});

function connect(extra: Partial<ConnectConfig>): Promise<Client> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on("ready", () => resolve(c));
    c.on("error", reject);
    c.connect({ host: "127.0.0.1", port, username: "admin", readyTimeout: 5000, ...extra });
  });
}

function shell(c: Client, cols: number, rows: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) =>
    c.shell({ term: "xterm-256color", cols, rows }, (err, stream) => (err ? reject(err) : resolve(stream))),
  );
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

// Generous timeouts: these tests start real servers and may share the machine with a parallel test run.
describe("the SSH dashboard server", { timeout: 20_000 }, () => {
  it("persists a 0600 ed25519 host key and reuses it", () => {
    expect(statSync(hostKeyPath).mode & 0o777).toBe(0o600);
    expect(ensureHostKey(hostKeyPath)).toBe(ensureHostKey(hostKeyPath));
  });

  it("serves the dashboard to an authorized key: first frame, window-change, clean exit", async () => {
    const c = await connect({ privateKey: userKey.private });
    const stream = await shell(c, 100, 30);
    const vt = new VirtualScreen(100, 30);
    let raw = "";
    stream.on("data", (d: Buffer) => {
      raw += d.toString();
      vt.write(d.toString());
    });
    await until(() => /Dead Letter .*R2 write/.test(vt.text()) && /offline/.test(vt.lines()[0] ?? ""), "first frame");
    expect(vt.lines()[0]).toMatch(/^DutyLeak Jobs {2}http:\/\/127\.0\.0\.1:\d+ +offline \(retrying in \d+s\)$/);
    expect(vt.lines()[1]).toContain("Dead Letter 1");
    // Line 2 is the lanes strip, line 3 the column headers.
    expect(vt.lines()[4]).toMatch(
      /^ {2}…0000000A Data export +Dead Letter \[###--\] +60% batch 7 +\d+ \w+ ago +- +R2 write …$/,
    );
    expect(seenTokens).toContain("Bearer tok_alice");

    // The window grows to 140 columns: the full id and the whole error.
    vt.resize(140, 40);
    stream.setWindow(40, 140, 0, 0);
    await until(() => /01JSSH0000000000000000000A/.test(vt.lines()[4] ?? ""), "a redraw at the new size");
    expect(vt.lines()[4]).toMatch(/^ {2}01JSSH0000000000000000000A Data export .* R2 write timed out$/);

    const exited = new Promise<number>((r) => stream.on("exit", (code: number) => r(code)));
    stream.write("q");
    expect(await exited).toBe(0);
    expect(raw).toContain("\x1b[?1049l"); // the client's terminal left the alternate screen
    c.end();
  });

  it("refuses a key that is not in the authorized-keys file", async () => {
    await expect(connect({ privateKey: strangerKey.private })).rejects.toMatchObject({
      level: "client-authentication",
    });
  });

  it("refuses password authentication", async () => {
    await expect(connect({ password: "dutyleak-demo", tryKeyboard: true })).rejects.toMatchObject({
      level: "client-authentication",
    });
  });

  it("answers a shell without a pty with a message and exit status 1", async () => {
    const c = await connect({ privateKey: userKey.private });
    let err = "";
    // Listen inside the callback: the server answers at once, before a promise continuation would run.
    const code = await new Promise<number>((resolve, reject) =>
      c.shell(false, (e, stream) => {
        if (e) return reject(e);
        stream.stderr.on("data", (d: Buffer) => {
          err += d.toString();
        });
        stream.on("exit", (n: number) => resolve(n));
      }),
    );
    expect(code).toBe(1);
    expect(err).toMatch(/connect with a terminal/);
    c.end();
  });

  it("survives a client that vanishes mid-session and serves the next one", async () => {
    const c = await connect({ privateKey: userKey.private });
    const stream = await shell(c, 80, 24);
    await new Promise((r) => stream.once("data", r));
    // Tear the TCP connection down without an SSH goodbye.
    (c as unknown as { _sock: { destroy(): void } })._sock.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const again = await connect({ privateKey: userKey.private });
    const s2 = await shell(again, 80, 24);
    const text = await new Promise<string>((r) => s2.once("data", (d: Buffer) => r(d.toString())));
    expect(text.length).toBeGreaterThan(0);
    again.end();
  });

  it("closes an idle connection", async () => {
    const idle = createSshServer({
      authorizedKeysPath: keysPath,
      hostKey: ensureHostKey(hostKeyPath),
      url: "http://127.0.0.1:1",
      idleTimeoutMs: 300,
      log: () => {},
      live: false,
    });
    const idlePort = await listen(idle.server);
    const c = new Client();
    const closed = new Promise<void>((r) => c.on("close", () => r()));
    c.on("ready", () => c.shell({ term: "xterm", cols: 80, rows: 24 }, () => {}));
    c.connect({ host: "127.0.0.1", port: idlePort, username: "admin", privateKey: userKey.private });
    const started = Date.now();
    await closed;
    expect(Date.now() - started).toBeLessThan(3000);
    await idle.close();
  });
});

describe("authorized-keys file", () => {
  it("maps keys to tokens, skips comments and reports bad lines", () => {
    const { keys, errors } = parseAuthorizedKeys(
      `# admins\n${userKey.public} alice at work tok_a\n\nssh-ed25519 AAAAnotakey tok_b\n${strangerKey.public}\n`,
    );
    expect(keys.map((k) => [k.token, k.comment, k.line])).toEqual([["tok_a", "alice at work", 2]]);
    expect(errors).toHaveLength(2);
  });

  it("add-key appends a mapping and creates the file 0600", () => {
    const path = join(dir, "added", "keys");
    appendAuthorizedKey(path, `${strangerKey.public} bob@desk`, "tok_bob");
    appendAuthorizedKey(path, userKey.public, "tok_alice");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const { keys } = parseAuthorizedKeys(readFileSync(path, "utf8"));
    expect(keys.map((k) => [k.comment, k.token])).toEqual([
      ["bob@desk", "tok_bob"],
      ["", "tok_alice"],
    ]);
    expect(() => appendAuthorizedKey(path, userKey.private, "tok")).toThrow();
    expect(() => appendAuthorizedKey(path, userKey.public, "two words")).toThrow(/one word/);
  });
});

// The CLI as `npm run tui:ssh` runs it, in a fresh process: where the file lands depends on its env and cwd.
describe("npm run tui:ssh -- add-key", { timeout: 30_000 }, () => {
  const root = resolve(import.meta.dirname, "../..");
  const addKey = (cwd: string, env: NodeJS.ProcessEnv, args: string[], token: string) =>
    spawnSync(
      process.execPath,
      [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "tui/ssh-server.ts"), ...args],
      {
        cwd,
        env: { PATH: process.env.PATH, ...env },
        input: `${token}\n`, // the token prompt reads one line from a pipe
        encoding: "utf8",
      },
    );

  it("writes a 0600 file in $XDG_CONFIG_HOME/dutyleak, nothing in the working directory", () => {
    const home = mkdtempSync(join(tmpdir(), "dl-home-"));
    const config = mkdtempSync(join(tmpdir(), "dl-xdg-"));
    const cwd = mkdtempSync(join(tmpdir(), "dl-cwd-"));
    const pub = join(home, "id_ed25519.pub");
    writeFileSync(pub, `${userKey.public} alice@laptop\n`);
    const run = addKey(cwd, { HOME: home, XDG_CONFIG_HOME: config }, ["add-key", "--key", pub], "tok_piped");
    expect(run.status, run.stderr).toBe(0);
    const file = join(config, "dutyleak", "ssh_authorized_keys");
    expect(run.stdout).toContain(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(config, "dutyleak")).mode & 0o777).toBe(0o700);
    const { keys } = parseAuthorizedKeys(readFileSync(file, "utf8"));
    expect(keys.map((k) => [k.comment, k.token])).toEqual([["alice@laptop", "tok_piped"]]);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("writes to --authorized-keys instead when given", () => {
    const config = mkdtempSync(join(tmpdir(), "dl-xdg-"));
    const other = join(mkdtempSync(join(tmpdir(), "dl-keys-")), "keys");
    const args = ["add-key", "--key", userKey.public, "--authorized-keys", other];
    const run = addKey(config, { HOME: config, XDG_CONFIG_HOME: config }, args, "tok_elsewhere");
    expect(run.status, run.stderr).toBe(0);
    expect(statSync(other).mode & 0o777).toBe(0o600);
    expect(readdirSync(config)).toEqual([]);
  });
});
