// Where the dashboard's URL and token come from: flags, then DUTYLEAK_* env, then the 0600 config file.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { z } from "zod";

export const storedConfigSchema = z.object({
  url: z.string(),
  token: z.string(),
  workspace: z.string().nullable().optional(),
});
export type StoredConfig = z.infer<typeof storedConfigSchema>;

export interface Settings {
  url: string;
  token: string;
  workspace: string | null;
}

/** The user's dutyleak config dir: the login token, and the SSH server's authorized keys and host key. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config"), "dutyleak");
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), "config.json");
}

export function readConfig(path: string): StoredConfig | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  const parsed = storedConfigSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${path} is not a dutyleak config: ${parsed.error.message}`);
  return parsed.data;
}

/** The token is a credential: the file is created 0600 (dir 0700) and swapped in atomically. */
export function writeConfig(path: string, config: StoredConfig): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600); // the mode option is masked by umask; chmod is not
  renameSync(tmp, path);
}

export function normalizeUrl(url: string): string {
  const u = new URL(url);
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error(`--url must be http(s): ${url}`);
  return u.toString().replace(/\/+$/, "");
}

/**
 * Flags beat env, env beats the stored file. The stored workspace is only trusted with the stored token: a token
 * from elsewhere may belong to another workspace.
 */
export function resolveSettings(
  flags: { url?: string; token?: string },
  env: NodeJS.ProcessEnv,
  stored: StoredConfig | null,
): Settings | null {
  const url = flags.url || env.DUTYLEAK_URL || stored?.url;
  const token = flags.token || env.DUTYLEAK_TOKEN || stored?.token;
  if (!url || !token) return null;
  const workspace = stored && token === stored.token ? (stored.workspace ?? null) : null;
  return { url: normalizeUrl(url), token, workspace };
}
