// Opaque, URL-safe ids sortable by creation (ULIDs), and random secrets/tokens.

import { monotonicFactory } from "ulidx";
import { toBase64Url } from "../domain/base64.ts";

const ulid = monotonicFactory();

export function newId(): string {
  return ulid();
}

export function randomToken(bytes = 32): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return toBase64Url(raw);
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
