// Copying text to the user's clipboard from a terminal app: the OSC 52 escape sequence, which the terminal itself
// (or tmux with `set-clipboard on`) acts on, so it works the same on a local TTY and at the far end of SSH.

/**
 * OSC 52 "set the clipboard selection (c) to this base64 text", ended by BEL (older xterms and tmux accept it as
 * well as ST). Base64 also means the copied text can never smuggle a control sequence into the terminal.
 */
export function osc52(text: string): string {
  return `\x1b]52;c;${Buffer.from(text, "utf8").toString("base64")}\x07`;
}
