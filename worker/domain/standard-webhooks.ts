// Standard Webhooks signing and verification: webhook-id / webhook-timestamp / webhook-signature, whsec_ secrets.
// Pure WebCrypto and btoa/atob, so the same code runs in the Worker (inbound imports, outbound callbacks) and in Node.
import { fromBase64 as base64ToBytes, toBase64 as bytesToBase64 } from "./base64.ts";

const SECRET_PREFIX = "whsec_";
const SECRET_BYTES = 32;
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

/** A secret that is empty or not valid base64 (after the optional `whsec_` prefix). */
export class WebhookSecretError extends Error {
  readonly code = "invalid_webhook_secret";
  override readonly name = "WebhookSecretError";
}

export type WebhookHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

/** A `Headers` object, or a plain record whose keys may be in any case (Node's IncomingHttpHeaders, tests). */
export type HeaderSource = { get(name: string): string | null } | Record<string, string | undefined>;

export type VerifyFailureReason =
  | "missing_headers"
  | "bad_timestamp"
  | "timestamp_too_old"
  | "timestamp_too_new"
  | "no_v1_signature"
  | "bad_signature";

export type VerifyResult =
  | { ok: true; id: string; timestamp: number; secretIndex: number }
  | { ok: false; reason: VerifyFailureReason };

export function generateSecret(): string {
  return SECRET_PREFIX + bytesToBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

// Strict, padded base64: exactly what the `standardwebhooks` package (via @stablelib/base64) decodes, so a secret we
// accept is one any sender using the reference libraries can load too. atob alone would also take unpadded input.
const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The raw HMAC key bytes of a `whsec_…` secret (the prefix is optional, as in the reference libraries). */
export function parseSecret(secret: string): Uint8Array<ArrayBuffer> {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (encoded === "") throw new WebhookSecretError("Webhook secret is empty.");
  if (!STRICT_BASE64.test(encoded)) throw new WebhookSecretError("Webhook secret is not valid base64.");
  return base64ToBytes(encoded);
}

export async function sign(
  secret: string,
  message: { id: string; timestamp: number; body: string | Uint8Array },
): Promise<string> {
  return `v1,${bytesToBase64(await mac(await hmacKey(secret), message.id, message.timestamp, message.body))}`;
}

/** The three headers for one delivery; one `v1` signature per secret so receivers on the old or new secret both pass. */
export async function signatureHeaders(
  secrets: readonly string[],
  id: string,
  timestamp: number,
  body: string | Uint8Array,
): Promise<WebhookHeaders> {
  if (secrets.length === 0) throw new WebhookSecretError("At least one webhook secret is needed to sign.");
  const signatures = await Promise.all(secrets.map((secret) => sign(secret, { id, timestamp, body })));
  return { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signatures.join(" ") };
}

/**
 * Checks a delivery against any of `secrets` (several during a rotation). Pass the body exactly as received:
 * re-serialised JSON will not match. Throws WebhookSecretError only for a malformed stored secret (a config bug).
 */
export async function verify(
  secrets: readonly string[],
  headers: HeaderSource,
  rawBody: string | Uint8Array,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): Promise<VerifyResult> {
  const id = readHeader(headers, "webhook-id");
  const timestampText = readHeader(headers, "webhook-timestamp");
  const signatureText = readHeader(headers, "webhook-signature");
  if (!id || !timestampText || !signatureText) return { ok: false, reason: "missing_headers" };

  // Digits only: parseInt (used by the reference library) would read "1700000000abc" as a valid timestamp.
  if (!/^\d{1,12}$/.test(timestampText)) return { ok: false, reason: "bad_timestamp" };
  const timestamp = Number(timestampText);
  if (nowSeconds - timestamp > toleranceSeconds) return { ok: false, reason: "timestamp_too_old" };
  if (timestamp - nowSeconds > toleranceSeconds) return { ok: false, reason: "timestamp_too_new" };

  // Other versions (v1a, v2, …) are skipped, as the spec asks; an undecodable v1 still counts as "present".
  const candidates = signatureText
    .split(" ")
    .filter((entry) => entry.startsWith("v1,"))
    .map((entry) => tryBase64ToBytes(entry.slice(3)));
  if (candidates.length === 0) return { ok: false, reason: "no_v1_signature" };

  for (const [secretIndex, secret] of secrets.entries()) {
    const expected = await mac(await hmacKey(secret), id, timestamp, rawBody);
    if (candidates.some((candidate) => candidate !== null && constantTimeEqual(candidate, expected))) {
      return { ok: true, id, timestamp, secretIndex };
    }
  }
  return { ok: false, reason: "bad_signature" };
}

function readHeader(headers: HeaderSource, name: string): string | null {
  if (isHeadersLike(headers)) return headers.get(name);
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value ?? null;
  }
  return null;
}

function isHeadersLike(headers: HeaderSource): headers is { get(name: string): string | null } {
  return typeof headers.get === "function";
}

// importKey is the slow part of an HMAC; endpoints are few and their secrets change rarely, so a small
// insertion-ordered cache (oldest evicted first) keeps the hot secrets imported without growing without bound.
const KEY_CACHE_LIMIT = 64;
const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  const cached = keyCache.get(secret);
  if (cached) return cached;
  const raw = parseSecret(secret); // throws before anything is cached
  const key = crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  if (keyCache.size >= KEY_CACHE_LIMIT) {
    const oldest = keyCache.keys().next();
    if (!oldest.done) keyCache.delete(oldest.value);
  }
  keyCache.set(secret, key);
  return key;
}

const encoder = new TextEncoder();

async function mac(key: CryptoKey, id: string, timestamp: number, body: string | Uint8Array): Promise<Uint8Array> {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new RangeError("Webhook timestamp must be a non-negative integer number of seconds.");
  }
  // Signing received bytes as they are avoids a decode/encode round trip that would alter invalid UTF-8. One fresh
  // buffer for both parts also satisfies both lib typings (Workers' encode() is not typed as ArrayBuffer-backed).
  const head = encoder.encode(`${id}.${timestamp}.`);
  const tail = typeof body === "string" ? encoder.encode(body) : body;
  const content = new Uint8Array(head.length + tail.length);
  content.set(head);
  content.set(tail, head.length);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, content));
}

// Branch-free over the whole length, so the time taken does not reveal how many leading bytes matched.
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

function tryBase64ToBytes(encoded: string): Uint8Array | null {
  try {
    return base64ToBytes(encoded);
  } catch {
    return null;
  }
}
