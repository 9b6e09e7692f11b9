// Where the TUI finds its server and token, and how the stored token is protected.
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configDir, configPath, readConfig, resolveSettings, writeConfig } from "../../tui/config.ts";
import { blessedTerminal, colorEnabled } from "../../tui/screen.ts";

describe("config", () => {
  it("lives under XDG_CONFIG_HOME, else ~/.config", () => {
    expect(configPath({ XDG_CONFIG_HOME: "/x", HOME: "/h" })).toBe("/x/dutyleak/config.json");
    expect(configPath({ HOME: "/h" })).toBe("/h/.config/dutyleak/config.json");
    expect(configDir({ XDG_CONFIG_HOME: "/x", HOME: "/h" })).toBe("/x/dutyleak");
    expect(configDir({ HOME: "/h" })).toBe("/h/.config/dutyleak");
  });

  it("is written 0600 in a 0700 directory and reads back", () => {
    const dir = mkdtempSync(join(tmpdir(), "dl-cfg-"));
    const path = join(dir, "dutyleak", "config.json");
    const old = process.umask(0o022);
    try {
      writeConfig(path, { url: "http://a", token: "t1", workspace: "acme" });
      writeConfig(path, { url: "http://a", token: "t2", workspace: "acme" });
    } finally {
      process.umask(old);
    }
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "dutyleak")).mode & 0o777).toBe(0o700);
    expect(readConfig(path)).toEqual({ url: "http://a", token: "t2", workspace: "acme" });
    expect(readConfig(join(dir, "missing.json"))).toBeNull();
  });

  it("flags beat env, env beats the stored file", () => {
    const stored = { url: "http://stored", token: "t_stored", workspace: "acme" };
    expect(resolveSettings({}, {}, stored)).toEqual({ url: "http://stored", token: "t_stored", workspace: "acme" });
    expect(resolveSettings({}, { DUTYLEAK_URL: "http://env/", DUTYLEAK_TOKEN: "t_env" }, stored)).toEqual({
      url: "http://env",
      token: "t_env",
      workspace: null, // a token from elsewhere may belong to another workspace
    });
    expect(
      resolveSettings({ url: "http://flag", token: "t_flag" }, { DUTYLEAK_URL: "http://env" }, stored),
    ).toMatchObject({
      url: "http://flag",
      token: "t_flag",
    });
    expect(resolveSettings({}, {}, null)).toBeNull();
    expect(() => resolveSettings({ url: "ftp://x", token: "t" }, {}, null)).toThrow(/http/);
  });
});

describe("terminal", () => {
  it("maps TERM onto the terminfo blessed can read", () => {
    expect(blessedTerminal("tmux-256color")).toBe("xterm-256color");
    expect(blessedTerminal("xterm-256color")).toBe("xterm-256color");
    expect(blessedTerminal("screen")).toBe("xterm");
    expect(blessedTerminal(undefined)).toBe("xterm");
  });

  it("honours NO_COLOR only when set and not empty", () => {
    expect(colorEnabled({})).toBe(true);
    expect(colorEnabled({ NO_COLOR: "" })).toBe(true);
    expect(colorEnabled({ NO_COLOR: "1" })).toBe(false);
  });
});
