// Base64 and base64url for bytes, on btoa/atob (Workers and Node alike): the one copy for password hashes, sealed
// secrets, webhook signatures and random tokens.

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Throws on text that is not base64 (atob's own check). */
export function fromBase64(encoded: string): Uint8Array<ArrayBuffer> {
  const binary = atob(encoded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** URL- and filename-safe, without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Throws on text that is not base64url. */
export function fromBase64Url(encoded: string): Uint8Array<ArrayBuffer> {
  return fromBase64(encoded.replaceAll("-", "+").replaceAll("_", "/"));
}
