// The SSH server behind `npm run tui:ssh`: public-key auth mapped to API tokens, one dashboard per shell session.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Connection, ParsedKey, ServerChannel, Server as SshServerType } from "ssh2";
import ssh2 from "ssh2";
import { errorMessage } from "../worker/api/errors.ts";
import { type App, startApp } from "./app.ts";
import { type AuthorizedKey, findAuthorizedKey, loadAuthorizedKeys } from "./authorized-keys.ts";
import { HttpFetcher } from "./fetcher.ts";
import type { SocketFactory } from "./live.ts";
import type { Logger } from "./log.ts";
import { createScreen } from "./screen.ts";

// ssh2 is CommonJS: Node's ESM loader exposes only its default export.
const { Server, utils } = ssh2;

export interface SshServerOptions {
  authorizedKeysPath: string;
  /** The host's private key (OpenSSH format). */
  hostKey: string;
  /** The API base URL every session talks to. */
  url: string;
  idleTimeoutMs: number;
  log: Logger;
  socketFactory?: SocketFactory;
  live?: boolean;
}

export interface SshServer {
  server: SshServerType;
  /** Ends every session (restoring each client's terminal), then stops listening. */
  close(): Promise<void>;
}

/** A host key generated on first start and kept 0600, so clients see the same fingerprint every time. */
export function ensureHostKey(path: string): string {
  if (existsSync(path)) return readFileSync(path, "utf8");
  const pair = utils.generateKeyPairSync("ed25519");
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, pair.private, { mode: 0o600, flag: "wx" });
  writeFileSync(`${path}.pub`, `${pair.public}\n`, { mode: 0o644 });
  return pair.private;
}

export function fingerprint(privateKey: string): string {
  const key = utils.parseKey(privateKey) as ParsedKey;
  return `SHA256:${createHash("sha256").update(key.getPublicSSH()).digest("base64").replace(/=+$/, "")}`;
}

/** blessed reads these from the server's own environment and would tune output for the server's terminal. */
const SERVER_TERMINAL_ENV = [
  "TMUX",
  "STY",
  "TERM_PROGRAM",
  "ITERM_SESSION_ID",
  "COLORTERM",
  "VTE_VERSION",
  "TERMINATOR_UUID",
  "TERMCAP",
];

export function createSshServer(opts: SshServerOptions): SshServer {
  for (const name of SERVER_TERMINAL_ENV) delete process.env[name];
  /** Each connection with a way to end it politely: restore every terminal first, then hang up. */
  const clients = new Map<Connection, (farewell: string) => void>();
  const server = new Server({ hostKeys: [opts.hostKey] }, (client, info) => {
    const who = `${info.ip}:${info.port}`;
    const log: Logger = (line) => opts.log(`[${who}] ${line}`);
    let user: AuthorizedKey | null = null;
    const sessionApps = new Set<App>();
    let farewell = "";
    const hangUp = (message: string) => {
      farewell = message;
      const hadSessions = sessionApps.size > 0;
      for (const app of sessionApps) app.stop(); // each one restores its terminal and ends its channel
      // Disconnecting at once could overtake the restore sequences still queued on a channel (SSH flow
      // control), leaving the user's terminal in the alternate screen: give the client a moment to close itself.
      if (hadSessions) setTimeout(() => client.end(), 1000).unref();
      else client.end();
    };
    clients.set(client, hangUp);
    // Mandatory: without it one client's TCP reset is an uncaught exception, and blessed's handler exits the
    // process, dropping every other user (PLATFORM §9).
    client.on("error", (err) => log(`client error: ${errorMessage(err)}`));

    // One idle timer per connection, armed before authentication too, so half-open logins do not pile up.
    let idle: ReturnType<typeof setTimeout> | null = null;
    const touch = () => {
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => {
        log("idle timeout");
        hangUp(`Closed after ${Math.round(opts.idleTimeoutMs / 1000)} s without input.\r\n`);
      }, opts.idleTimeoutMs);
    };
    touch();

    client.on("authentication", (ctx) => {
      if (ctx.method !== "publickey") return ctx.reject(["publickey"]);
      let match: AuthorizedKey | undefined;
      try {
        const { keys, errors } = loadAuthorizedKeys(opts.authorizedKeysPath);
        for (const e of errors) log(`${opts.authorizedKeysPath}: ${e}`);
        match = findAuthorizedKey(keys, ctx.key.data);
      } catch (err) {
        log(`cannot read ${opts.authorizedKeysPath}: ${errorMessage(err)}`);
      }
      // Compare key bytes, never ctx.key.algo: RSA clients announce rsa-sha2-512 for an ssh-rsa key.
      if (!match) return ctx.reject(["publickey"]);
      // No signature: the client only asks whether this key would do; the real attempt follows, signed.
      if (!ctx.signature || !ctx.blob) return ctx.accept();
      if (match.key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(["publickey"]);
      user = match;
      log(`authenticated ${ctx.username} with key on line ${match.line}${match.comment ? ` (${match.comment})` : ""}`);
      ctx.accept();
    });

    client.on("ready", () => {
      client.on("session", (acceptSession) => {
        const session = acceptSession();
        let pty: { term: string; cols: number; rows: number } | null = null;
        let noColor = false;
        let stream: (ServerChannel & { isTTY?: boolean; columns?: number; rows?: number }) | null = null;
        session.on("pty", (accept, _reject, info) => {
          // `ssh -tt` without a local terminal reports 0x0; blessed would draw into a 1x1 screen.
          pty = { term: info.term, cols: info.cols || 80, rows: info.rows || 24 };
          accept?.();
        });
        // Honour NO_COLOR when the client forwards it (OpenSSH: SendEnv NO_COLOR).
        session.on("env", (accept, _reject, info) => {
          if (info.key === "NO_COLOR" && info.val) noColor = true;
          accept?.();
        });
        session.on("window-change", (accept, _reject, info) => {
          if (pty) Object.assign(pty, { cols: info.cols, rows: info.rows });
          if (stream && info.cols > 0 && info.rows > 0) {
            stream.columns = info.cols;
            stream.rows = info.rows;
            stream.emit("resize");
          }
          accept?.();
        });
        session.on("exec", (_accept, reject) => reject());
        session.on("subsystem", (_accept, reject) => reject());
        session.on("shell", (accept) => {
          const ch = accept() as NonNullable<typeof stream>;
          ch.on("error", (err: Error) => log(`channel error: ${errorMessage(err)}`));
          if (!pty || !user) {
            ch.stderr.write(
              "This server only serves the DutyLeak jobs dashboard: connect with a terminal (ssh -t).\r\n",
            );
            ch.exit(1);
            ch.end();
            return;
          }
          stream = ch;
          // Without these blessed sees a 1x1 terminal.
          ch.isTTY = true;
          ch.columns = pty.cols;
          ch.rows = pty.rows;
          ch.on("data", touch);
          let closed = false;
          let app: App;
          let screen: ReturnType<typeof createScreen> | undefined;
          try {
            screen = createScreen(ch, ch, pty.term);
            app = startApp({
              screen,
              // The workspace the key's line records, as the local dashboard takes it from its stored login.
              fetcher: new HttpFetcher({ url: opts.url, token: user.token, workspace: user.workspace }),
              url: opts.url,
              token: user.token,
              workspace: user.workspace,
              color: !noColor,
              log,
              live: opts.live,
              socketFactory: opts.socketFactory,
              onExit: () => {
                sessionApps.delete(app);
                if (closed) return;
                closed = true;
                if (farewell) ch.write(farewell);
                ch.exit(0);
                ch.end();
              },
            });
          } catch (err) {
            // One session that cannot start must not become an uncaught exception for the whole server.
            log(`cannot start the dashboard: ${err instanceof Error ? err.stack : String(err)}`);
            screen?.destroy();
            ch.stderr.write(`The dashboard could not start: ${errorMessage(err)}\r\n`);
            ch.exit(1);
            ch.end();
            return;
          }
          sessionApps.add(app);
          ch.on("close", () => {
            closed = true; // the channel is gone: clean up without writing to it
            app.stop();
          });
        });
      });
    });

    client.on("close", () => {
      if (idle) clearTimeout(idle);
      for (const app of sessionApps) app.stop();
      clients.delete(client);
      log("disconnected");
    });
  });
  server.on("error", (err: Error) => opts.log(`server error: ${errorMessage(err)}`));

  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const hangUp of clients.values()) hangUp("The dashboard server is shutting down.\r\n");
        server.close(() => resolve());
      }),
  };
}
