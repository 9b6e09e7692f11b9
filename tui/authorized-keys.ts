// The SSH server's authorized-keys file: which public key opens the dashboard with which API token.
//
// Format, one mapping per line; blank lines and lines starting with `#` are ignored:
//
//   <key type> <base64 key> [comment …] [workspace=<slug>] <api token>
//   ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI… alice@laptop workspace=acme dlk_live_3f9a…
//
// i.e. a line of an OpenSSH `.pub` file (or of ~/.ssh/authorized_keys, without options) followed by the token the
// session uses against the API; the token is the last field, so comments may contain spaces. `workspace=` names the
// token's workspace for the dashboard's header, as the local dashboard's stored login does: `add-key --email`
// writes it from the API's answer when it obtains the token (the API has no lookup from a token to its workspace,
// so a line without it simply shows no workspace). The file holds
// credentials: it lives in the user's config dir by default (see tui/ssh-server.ts), and `add-key` creates it 0600
// in a 0700 directory.
import { timingSafeEqual } from "node:crypto";
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import type { ParsedKey } from "ssh2";
import ssh2 from "ssh2";

// ssh2 is CommonJS: Node's ESM loader exposes only its default export.
const { utils } = ssh2;

export interface AuthorizedKey {
  key: ParsedKey;
  /** The key in SSH wire format: what a client sends as `ctx.key.data`. */
  blob: Buffer;
  token: string;
  /** The token's workspace slug, when the line records it (only shown, never sent: the token decides access). */
  workspace: string | null;
  comment: string;
  line: number;
}

const WORKSPACE_FIELD = "workspace=";

function parseKeyLine(type: string, base64: string): ParsedKey | Error {
  const parsed = utils.parseKey(`${type} ${base64}`);
  if (parsed instanceof Error) return parsed;
  return Array.isArray(parsed) ? (parsed[0] as ParsedKey) : parsed;
}

export function parseAuthorizedKeys(text: string): { keys: AuthorizedKey[]; errors: string[] } {
  const keys: AuthorizedKey[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const fields = line.split(/\s+/);
    const [type, base64] = fields;
    if (fields.length < 3 || !type || !base64) {
      errors.push(`line ${i + 1}: expected "<key type> <base64 key> [comment] <api token>"`);
      return;
    }
    const key = parseKeyLine(type, base64);
    if (key instanceof Error) {
      errors.push(`line ${i + 1}: ${key.message}`);
      return;
    }
    const beforeToken = fields.length >= 4 ? (fields[fields.length - 2] as string) : "";
    const named = beforeToken.startsWith(WORKSPACE_FIELD) && beforeToken.length > WORKSPACE_FIELD.length;
    keys.push({
      key,
      blob: key.getPublicSSH(),
      token: fields[fields.length - 1] as string,
      workspace: named ? beforeToken.slice(WORKSPACE_FIELD.length) : null,
      comment: fields.slice(2, named ? -2 : -1).join(" "),
      line: i + 1,
    });
  });
  return { keys, errors };
}

/** Read on every login, so `add-key` takes effect without restarting the server. */
export function loadAuthorizedKeys(path: string): { keys: AuthorizedKey[]; errors: string[] } {
  return parseAuthorizedKeys(readFileSync(path, "utf8"));
}

/** Constant-time per comparison, and every entry is compared, so timing says nothing about which key matched. */
export function findAuthorizedKey(keys: AuthorizedKey[], blob: Buffer): AuthorizedKey | undefined {
  let found: AuthorizedKey | undefined;
  for (const k of keys) {
    const same = k.blob.length === blob.length && timingSafeEqual(k.blob, blob);
    if (same && !found) found = k;
  }
  return found;
}

/**
 * Validates a public key line (e.g. the contents of id_ed25519.pub) and appends its mapping to `token` (and the
 * token's workspace, when known).
 */
export function appendAuthorizedKey(
  path: string,
  publicKeyLine: string,
  token: string,
  workspace: string | null = null,
): AuthorizedKey {
  const fields = publicKeyLine.trim().split(/\s+/);
  const [type, base64] = fields;
  if (!type || !base64) throw new Error("not an SSH public key line");
  if (!token || /\s/.test(token)) throw new Error("the API token must be one word without spaces");
  if (workspace !== null && !/^\S+$/.test(workspace)) throw new Error("the workspace must be one word");
  const key = parseKeyLine(type, base64);
  if (key instanceof Error) throw new Error(`not an SSH public key: ${key.message}`);
  if (key.isPrivateKey()) throw new Error("that is a private key; give the .pub file");
  const comment = fields.slice(2).join(" ");
  const line = [type, base64, comment, workspace ? `${WORKSPACE_FIELD}${workspace}` : "", token]
    .filter(Boolean)
    .join(" ");
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const existing = existsSync(path) ? readFileSync(path, "utf8") : "";
  const prefix = existing && !existing.endsWith("\n") ? "\n" : "";
  appendFileSync(path, `${prefix}${line}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  const parsed = parseAuthorizedKeys(`${line}\n`).keys[0];
  if (!parsed) throw new Error("the appended line does not parse back");
  return parsed;
}
