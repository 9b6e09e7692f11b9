// Secrets at rest: AES-256-GCM boxes must round-trip, never repeat an IV, and refuse tampering, wrong keys and junk.
import { describe, expect, it } from "vitest";
import { deriveKey, open, SecretBoxError, type SecretBoxErrorCode, seal } from "../../worker/domain/secret-box.ts";

const MASTER = "test-master-2b7e151628aed2a6abf7158809cf4f3c";
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

async function expectBoxError(promise: Promise<unknown>, code: SecretBoxErrorCode) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SecretBoxError);
  expect((error as SecretBoxError).code).toBe(code);
}

/** Replaces the character at `index` with a different base64url character. */
function flipChar(text: string, index: number): string {
  const replacement = text[index] === "A" ? "B" : "A";
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe("seal / open", () => {
  it("round-trips ASCII and non-ASCII text in the compact v1 format", async () => {
    const key = await deriveKey(MASTER);
    for (const plaintext of [SECRET, "", "zoll ✓ 関税 🚢", "\uFEFFstarts with a byte-order mark"]) {
      const sealed = await seal(key, plaintext);
      expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
      if (plaintext) expect(sealed).not.toContain(plaintext);
      expect(await open(key, sealed)).toBe(plaintext);
    }
  });

  it("uses a fresh IV each time, so sealing the same text twice gives different boxes", async () => {
    const key = await deriveKey(MASTER);
    const [a, b] = await Promise.all([seal(key, SECRET), seal(key, SECRET)]);
    expect(a.split(".")[1]).not.toBe(b.split(".")[1]);
    expect(a).not.toBe(b);
  });

  it("derives the same key from the same master secret (boxes survive a restart)", async () => {
    const sealed = await seal(await deriveKey(MASTER), SECRET);
    expect(await open(await deriveKey(MASTER), sealed)).toBe(SECRET);
  });

  it("refuses to open under a key derived from another master secret", async () => {
    const sealed = await seal(await deriveKey(MASTER), SECRET);
    await expectBoxError(open(await deriveKey(`${MASTER}x`), sealed), "decrypt_failed");
  });

  it("refuses a box whose ciphertext or IV was altered", async () => {
    const key = await deriveKey(MASTER);
    const sealed = await seal(key, SECRET);
    const ivStart = "v1.".length;
    const ciphertextStart = sealed.lastIndexOf(".") + 1;
    await expectBoxError(open(key, flipChar(sealed, ciphertextStart)), "decrypt_failed");
    await expectBoxError(open(key, flipChar(sealed, ivStart)), "decrypt_failed");
  });

  it("binds the optional context: a box sealed for one endpoint does not open for another", async () => {
    const key = await deriveKey(MASTER);
    const sealed = await seal(key, SECRET, "ep_1");
    expect(await open(key, sealed, "ep_1")).toBe(SECRET);
    await expectBoxError(open(key, sealed, "ep_2"), "decrypt_failed");
    await expectBoxError(open(key, sealed), "decrypt_failed");
  });

  it("refuses a box whose last character differs only in unused padding bits (non-canonical base64url)", async () => {
    const key = await deriveKey(MASTER);
    // 37-byte ciphertext (21 + 16 tag) encodes to 50 chars; the last one carries 4 unused bits.
    const sealed = await seal(key, "x".repeat(21));
    const last = sealed.at(-1) ?? "";
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sibling = alphabet[alphabet.indexOf(last) ^ 1] ?? "";
    await expectBoxError(open(key, sealed.slice(0, -1) + sibling), "malformed");
  });

  it.each([
    ["an empty string", ""],
    ["a plaintext secret", SECRET],
    ["an unknown version", "v2.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA"],
    ["a missing part", "v1.AAAAAAAAAAAAAAAA"],
    ["an extra part", "v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AA"],
    ["a short IV", "v1.AAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA"],
    ["a ciphertext shorter than the GCM tag", "v1.AAAAAAAAAAAAAAAA.AAAA"],
    ["standard-base64 characters", "v1.AAAAAAAAAAAAAAA+.AAAAAAAAAAAAAAAAAAAAAA"],
    ["padding", "v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA=="],
  ])("refuses %s as malformed", async (_label, sealed) => {
    await expectBoxError(open(await deriveKey(MASTER), sealed), "malformed");
  });
});

describe("deriveKey", () => {
  it("refuses an empty master secret", async () => {
    await expectBoxError(deriveKey(""), "bad_master_secret");
  });

  it("yields a key that cannot be exported", async () => {
    const key = await deriveKey(MASTER);
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: "AES-GCM", length: 256 });
  });
});
