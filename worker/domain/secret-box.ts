// Encrypts secrets at rest (webhook signing secrets in D1) with AES-256-GCM under a key derived from one master secret.
// Sealed form: `v1.<base64url IV>.<base64url ciphertext+tag>`, short enough for a TEXT column and safe in URLs/logs.
import { fromBase64Url, toBase64Url } from "./base64.ts";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Domain separation: the same master secret can later feed other HKDF keys with a different `info` without reuse.
const HKDF_INFO = "dutyleak/secret-box/v1/aes-256-gcm";

export type SecretBoxErrorCode = "bad_master_secret" | "malformed" | "decrypt_failed";

/** Thrown for an unusable master secret, a string that is not a sealed box, or one that fails authentication. */
export class SecretBoxError extends Error {
  override readonly name = "SecretBoxError";
  constructor(
    readonly code: SecretBoxErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * HKDF-SHA256 (empty salt, fixed info) over the master string's UTF-8 bytes, rather than a bare SHA-256: HKDF is the
 * standard extract-then-expand KDF and its `info` binds the key to this one purpose. It is not a password hash, so the
 * master must be a high-entropy random string (e.g. `openssl rand -base64 32`), not a human password.
 */
export async function deriveKey(masterSecret: string): Promise<CryptoKey> {
  if (masterSecret === "") throw new SecretBoxError("bad_master_secret", "The master secret is empty.");
  const material = await crypto.subtle.importKey("raw", encoder.encode(masterSecret), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode(HKDF_INFO) },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

/**
 * `context` (e.g. the endpoint id) is authenticated but not stored: a box copied onto another row will not open there.
 * A fresh random 96-bit IV per call: NIST caps random IVs at 2^32 seals per key, far more secrets than we will store.
 */
export async function seal(key: CryptoKey, plaintext: string, context = ""): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(context) },
    key,
    encoder.encode(plaintext),
  );
  return `${VERSION}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(ciphertext))}`;
}

export async function open(key: CryptoKey, sealed: string, context = ""): Promise<string> {
  const parts = sealed.split(".");
  const iv = parts.length === 3 && parts[0] === VERSION ? canonicalBase64Url(parts[1] ?? "") : null;
  const ciphertext = iv ? canonicalBase64Url(parts[2] ?? "") : null;
  if (!iv || iv.length !== IV_BYTES || !ciphertext || ciphertext.length < TAG_BYTES) {
    throw new SecretBoxError("malformed", "Not a sealed secret (expected v1.<iv>.<ciphertext>).");
  }
  let plaintext: ArrayBuffer;
  try {
    plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv, additionalData: encoder.encode(context) },
      key,
      ciphertext,
    );
  } catch {
    // WebCrypto reports every GCM failure as one opaque OperationError; so do we, on purpose.
    throw new SecretBoxError("decrypt_failed", "The sealed secret was altered or sealed under a different key.");
  }
  return decoder.decode(plaintext);
}

const encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF that was sealed (the default would strip it and break the round trip).
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// Canonical only: the re-encoding must match, so no two strings (differing in unused trailing bits) open to one box.
function canonicalBase64Url(encoded: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return null;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = fromBase64Url(encoded);
  } catch {
    return null;
  }
  return toBase64Url(bytes) === encoded ? bytes : null;
}
