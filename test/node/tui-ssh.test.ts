// The workspace over SSH: recorded in the authorized-keys line (by add-key's login), shown in the session's header.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client, type ClientChannel, utils } from "ssh2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuthorizedKey, parseAuthorizedKeys } from "../../tui/authorized-keys.ts";
import { createSshServer, ensureHostKey, type SshServer } from "../../tui/ssh.ts";
import { VirtualScreen } from "../support/virtual-screen.ts";

const dir = mkdtempSync(join(tmpdir(), "dl-tui-ssh-"));
const alice = utils.generateKeyPairSync("ed25519");
const bob = utils.generateKeyPairSync("ed25519");

function listen(server: { listen(port: number, host: string, cb: () => void): unknown; address(): unknown }) {
  return new Promise<number>((done) =>
    server.listen(0, "127.0.0.1", () => done((server.address() as AddressInfo).port)),
  );
}

async function until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the workspace field of the authorized-keys file", () => {
  it("is read from just before the token, and is optional", () => {
    const { keys, errors } = parseAuthorizedKeys(
      `${alice.public} alice at work workspace=acme tok_a\n${bob.public} bob tok_b\n${bob.public} tok_c\n`,
    );
    expect(errors).toEqual([]);
    expect(keys.map((k) => [k.comment, k.workspace, k.token])).toEqual([
      ["alice at work", "acme", "tok_a"],
      ["bob", null, "tok_b"],
      ["", null, "tok_c"],
    ]);
  });

  it("is written by appendAuthorizedKey and reads back", () => {
    const path = join(dir, "appended");
    const added = appendAuthorizedKey(path, `${alice.public} alice@laptop`, "tok_a", "acme");
    expect(added.workspace).toBe("acme");
    expect(readFileSync(path, "utf8")).toMatch(/ alice@laptop workspace=acme tok_a\n$/);
    expect(() => appendAuthorizedKey(path, alice.public, "tok", "two words")).toThrow(/one word/);
  });
});

describe("an SSH session", { timeout: 20_000 }, () => {
  let api: HttpServer;
  let ssh: SshServer;
  let port: number;

  beforeAll(async () => {
    // A member's token: the API refuses the list, and the dashboard explains that with the workspace's name.
    api = createServer((_req, res) => {
      res.writeHead(403, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "forbidden", message: "admin or owner role required" } }));
    });
    const apiPort = await listen(api);
    const keys = join(dir, "authorized_keys");
    writeFileSync(keys, `${alice.public} alice workspace=acme tok_alice\n`, { mode: 0o600 });
    ssh = createSshServer({
      authorizedKeysPath: keys,
      hostKey: ensureHostKey(join(dir, "host", "key")),
      url: `http://127.0.0.1:${apiPort}`,
      idleTimeoutMs: 60_000,
      log: () => {},
      live: false,
    });
    port = await listen(ssh.server);
  }, 30_000);

  afterAll(async () => {
    await ssh?.close();
    await new Promise((r) => api?.close(r));
  });

  it("shows the key's workspace in the header and names it when the API refuses the role", async () => {
    const c = await new Promise<Client>((done, fail) => {
      const client = new Client();
      client.on("ready", () => done(client));
      client.on("error", fail);
      client.connect({ host: "127.0.0.1", port, username: "alice", privateKey: alice.private, readyTimeout: 5000 });
    });
    const vt = new VirtualScreen(80, 24);
    const stream = await new Promise<ClientChannel>((done, fail) =>
      c.shell({ term: "xterm", cols: 80, rows: 24 }, (err, s) => (err ? fail(err) : done(s))),
    );
    stream.on("data", (d: Buffer) => vt.write(d.toString()));
    await until(() => /member of acme/.test(vt.text()), "the refusal");
    expect(vt.lines()[0]).toMatch(/^DutyLeak Jobs {2}acme @ http:\/\/127\.0\.0\.1:\d+ /);
    expect(vt.text().replace(/\s+/g, " ")).toContain("this account is a member of acme; the job dashboard needs Admin");
    stream.write("q");
    c.end();
  });
});

// As `npm run tui:ssh` runs it, in a fresh process against a fake token endpoint.
describe("npm run tui:ssh -- add-key --email", { timeout: 30_000 }, () => {
  it("logs in, stores the token with the workspace the API answered", async () => {
    const bodies: unknown[] = [];
    const api = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => {
        body += d;
      });
      req.on("end", () => {
        bodies.push({ url: req.url, body: JSON.parse(body) });
        res.writeHead(201, { "content-type": "application/json" });
        const workspace = { id: "ws_1", slug: "acme", name: "Acme" };
        res.end(JSON.stringify({ token: "dlk_from_login", workspace, role: "admin" }));
      });
    });
    const apiPort = await listen(api);
    const pub = join(dir, "alice.pub");
    writeFileSync(pub, `${alice.public} alice@laptop\n`);
    const keys = join(dir, "logged-in-keys");
    const root = resolve(import.meta.dirname, "../..");
    const args = ["add-key", "--key", pub, "--authorized-keys", keys, "--email", "admin@acme.test"];
    // Asynchronously: the fake API runs in this process, so a synchronous spawn would never get its answer.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
      const cli = [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "tui/ssh-server.ts")];
      const env = {
        PATH: process.env.PATH,
        HOME: dir,
        XDG_CONFIG_HOME: dir,
        DUTYLEAK_URL: `http://127.0.0.1:${apiPort}`,
      };
      const child = spawn(process.execPath, [...cli, ...args, "--workspace", "acme"], { env });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d: Buffer) => {
        stdout += d;
      });
      child.stderr.on("data", (d: Buffer) => {
        stderr += d;
      });
      child.stdin.end("dutyleak-demo\n"); // the password prompt reads one line from a pipe
      child.on("close", (status) => done({ status, stdout, stderr }));
    });
    await new Promise((r) => api.close(r));
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/for workspace acme/);
    expect(bodies).toEqual([
      {
        url: "/api/v1/tokens",
        body: { email: "admin@acme.test", password: "dutyleak-demo", workspace: "acme" },
      },
    ]);
    const [key] = parseAuthorizedKeys(readFileSync(keys, "utf8")).keys;
    expect([key?.token, key?.workspace, key?.comment]).toEqual(["dlk_from_login", "acme", "alice@laptop"]);
  });

  it("refuses --token together with --email", () => {
    const root = resolve(import.meta.dirname, "../..");
    const run = spawnSync(
      process.execPath,
      [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "tui/ssh-server.ts"), "add-key", "--key", "x"].concat([
        "--token",
        "t",
        "--email",
        "e",
      ]),
      { env: { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: dir }, encoding: "utf8" },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/either --token or --email/);
  });
});
