// Standard Webhooks signing/verification: spec vector, interoperability with the reference `standardwebhooks` package,
// and every refusal reason the inbound endpoint maps to 401.
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  generateSecret,
  parseSecret,
  sign,
  signatureHeaders,
  type VerifyResult,
  verify,
  WebhookSecretError,
} from "../../worker/domain/standard-webhooks.ts";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const OTHER_SECRET = "whsec_dGhpcyBpcyBhIGRpZmZlcmVudCBzZWNyZXQ=";
const ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
const NOW = 1_700_000_000;
const BODY = '{"rows":[{"sku":"A-1","title":"Mug"}]}';

async function headersFor(secrets: string[], timestamp = NOW, body = BODY) {
  return signatureHeaders(secrets, ID, timestamp, body);
}

describe("generateSecret / parseSecret", () => {
  it("generates a whsec_ secret of 32 random bytes, different each time", () => {
    const a = generateSecret();
    const b = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(parseSecret(a)).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it("reads the same key with or without the whsec_ prefix", () => {
    expect(parseSecret(SECRET)).toEqual(parseSecret(SECRET.slice("whsec_".length)));
    expect(parseSecret(SECRET)).toHaveLength(24);
  });

  it.each([
    ["an empty string", ""],
    ["a bare prefix", "whsec_"],
    ["characters outside base64", "whsec_not*base64!"],
    ["unpadded base64 (the reference library refuses it too)", "whsec_YWJjZA"],
    ["base64url characters", "whsec_ab-_"],
  ])("throws WebhookSecretError for %s", (_label, secret) => {
    expect(() => parseSecret(secret)).toThrow(WebhookSecretError);
  });

  it("generated secrets are loadable by the reference library", () => {
    expect(() => new Webhook(generateSecret())).not.toThrow();
  });
});

describe("sign", () => {
  it("matches the published Standard Webhooks / Svix test vector", async () => {
    const signature = await sign(SECRET, { id: ID, timestamp: 1614265330, body: '{"test": 2432232314}' });
    expect(signature).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("produces the same signature as the reference library", async () => {
    const theirs = new Webhook(SECRET).sign(ID, new Date(NOW * 1000), BODY);
    expect(await sign(SECRET, { id: ID, timestamp: NOW, body: BODY })).toBe(theirs);
  });

  it("signs raw bytes the same as the equivalent string", async () => {
    const bytes = new TextEncoder().encode(BODY);
    expect(await sign(SECRET, { id: ID, timestamp: NOW, body: bytes })).toBe(
      await sign(SECRET, { id: ID, timestamp: NOW, body: BODY }),
    );
  });

  it("refuses a timestamp in milliseconds-as-float or negative", async () => {
    await expect(sign(SECRET, { id: ID, timestamp: 1.5, body: BODY })).rejects.toThrow(RangeError);
    await expect(sign(SECRET, { id: ID, timestamp: -1, body: BODY })).rejects.toThrow(RangeError);
  });
});

describe("signatureHeaders", () => {
  it("returns the three headers with one v1 signature per secret, in order", async () => {
    const headers = await headersFor([SECRET, OTHER_SECRET]);
    expect(headers["webhook-id"]).toBe(ID);
    expect(headers["webhook-timestamp"]).toBe(String(NOW));
    const parts = headers["webhook-signature"].split(" ");
    expect(parts).toEqual([
      await sign(SECRET, { id: ID, timestamp: NOW, body: BODY }),
      await sign(OTHER_SECRET, { id: ID, timestamp: NOW, body: BODY }),
    ]);
  });

  it("throws when there is no secret to sign with", async () => {
    await expect(headersFor([])).rejects.toThrow(WebhookSecretError);
  });
});

describe("interoperability with the standardwebhooks package", () => {
  // The reference verify() reads the clock itself, so these use the real current time.
  const now = () => Math.floor(Date.now() / 1000);

  it("accepts a delivery signed by the reference library (Headers object)", async () => {
    const timestamp = now();
    const signature = new Webhook(SECRET).sign(ID, new Date(timestamp * 1000), BODY);
    const headers = new Headers({
      "webhook-id": ID,
      "webhook-timestamp": String(timestamp),
      "webhook-signature": signature,
    });
    expect(await verify([SECRET], headers, BODY, now())).toEqual({ ok: true, id: ID, timestamp, secretIndex: 0 });
  });

  it("produces deliveries the reference library verifies, for each secret during a rotation", async () => {
    const timestamp = now();
    const headers = await headersFor([SECRET, OTHER_SECRET], timestamp);
    expect(new Webhook(SECRET).verify(BODY, headers)).toEqual(JSON.parse(BODY));
    expect(new Webhook(OTHER_SECRET).verify(BODY, headers)).toEqual(JSON.parse(BODY));
    expect(() => new Webhook(generateSecret()).verify(BODY, headers)).toThrow(WebhookVerificationError);
  });

  it("the reference library refuses our signature on an altered body", async () => {
    const headers = await headersFor([SECRET], now());
    expect(() => new Webhook(SECRET).verify(`${BODY} `, headers)).toThrow(WebhookVerificationError);
  });
});

describe("verify", () => {
  const expectFailure = (result: VerifyResult, reason: string) => expect(result).toEqual({ ok: false, reason });

  it("accepts a valid delivery and reports id, timestamp and the matching secret", async () => {
    expect(await verify([SECRET], await headersFor([SECRET]), BODY, NOW)).toEqual({
      ok: true,
      id: ID,
      timestamp: NOW,
      secretIndex: 0,
    });
  });

  it("reads plain-record headers case-insensitively", async () => {
    const h = await headersFor([SECRET]);
    const record = {
      "Webhook-Id": h["webhook-id"],
      "WEBHOOK-TIMESTAMP": h["webhook-timestamp"],
      "Webhook-Signature": h["webhook-signature"],
    };
    expect((await verify([SECRET], record, BODY, NOW)).ok).toBe(true);
  });

  it.each(["webhook-id", "webhook-timestamp", "webhook-signature"] as const)(
    "refuses a delivery without %s",
    async (name) => {
      const headers: Record<string, string | undefined> = { ...(await headersFor([SECRET])) };
      delete headers[name];
      expectFailure(await verify([SECRET], headers, BODY, NOW), "missing_headers");
      headers[name] = "";
      expectFailure(await verify([SECRET], headers, BODY, NOW), "missing_headers");
    },
  );

  it.each(["1700000000abc", "-1700000000", "1.7e9", "1700000000.5", "soon"])(
    "refuses a non-integer timestamp %j",
    async (timestamp) => {
      const headers = { ...(await headersFor([SECRET])), "webhook-timestamp": timestamp };
      expectFailure(await verify([SECRET], headers, BODY, NOW), "bad_timestamp");
    },
  );

  it("refuses a timestamp 6 minutes old and one 6 minutes ahead", async () => {
    expectFailure(await verify([SECRET], await headersFor([SECRET], NOW - 360), BODY, NOW), "timestamp_too_old");
    expectFailure(await verify([SECRET], await headersFor([SECRET], NOW + 360), BODY, NOW), "timestamp_too_new");
  });

  it("accepts timestamps 4 minutes old or ahead, and exactly at the 300 s edge but not one second past it", async () => {
    for (const skew of [-240, 240, -300, 300]) {
      expect((await verify([SECRET], await headersFor([SECRET], NOW + skew), BODY, NOW)).ok).toBe(true);
    }
    expectFailure(await verify([SECRET], await headersFor([SECRET], NOW - 301), BODY, NOW), "timestamp_too_old");
    expectFailure(await verify([SECRET], await headersFor([SECRET], NOW + 301), BODY, NOW), "timestamp_too_new");
  });

  it("honours a custom tolerance", async () => {
    const headers = await headersFor([SECRET], NOW - 60);
    expectFailure(await verify([SECRET], headers, BODY, NOW, 30), "timestamp_too_old");
  });

  it("refuses a wrong signature", async () => {
    const headers = { ...(await headersFor([SECRET])), "webhook-signature": `v1,${btoa("x".repeat(32))}` };
    expectFailure(await verify([SECRET], headers, BODY, NOW), "bad_signature");
  });

  it("refuses a signature made with another secret", async () => {
    expectFailure(await verify([SECRET], await headersFor([OTHER_SECRET]), BODY, NOW), "bad_signature");
  });

  it("refuses a v1 entry that is not base64 or is truncated", async () => {
    const good = (await headersFor([SECRET]))["webhook-signature"];
    for (const signature of ["v1,***", "v1,", good.slice(0, -4)]) {
      const headers = { ...(await headersFor([SECRET])), "webhook-signature": signature };
      expectFailure(await verify([SECRET], headers, BODY, NOW), "bad_signature");
    }
  });

  it("ignores other versions: a v2-only header has no v1 signature, even if its bytes are the right MAC", async () => {
    const good = (await headersFor([SECRET]))["webhook-signature"];
    const headers = { ...(await headersFor([SECRET])), "webhook-signature": good.replace("v1,", "v2,") };
    expectFailure(await verify([SECRET], headers, BODY, NOW), "no_v1_signature");
  });

  it("accepts when the second of several signatures matches", async () => {
    const good = (await headersFor([SECRET]))["webhook-signature"];
    const other = (await headersFor([OTHER_SECRET]))["webhook-signature"];
    const headers = { ...(await headersFor([SECRET])), "webhook-signature": `v2,abcd ${other} ${good}` };
    expect(await verify([SECRET], headers, BODY, NOW)).toMatchObject({ ok: true, secretIndex: 0 });
  });

  it("refuses a body altered by one byte", async () => {
    const headers = await headersFor([SECRET]);
    const altered = BODY.replace("Mug", "Muh");
    expect(altered).toHaveLength(BODY.length);
    expectFailure(await verify([SECRET], headers, altered, NOW), "bad_signature");
  });

  it("refuses a changed webhook-id (the id is part of the signed content)", async () => {
    const headers = { ...(await headersFor([SECRET])), "webhook-id": `${ID}x` };
    expectFailure(await verify([SECRET], headers, BODY, NOW), "bad_signature");
  });

  it("during a rotation accepts either secret and reports which one matched", async () => {
    const secrets = [SECRET, OTHER_SECRET];
    expect(await verify(secrets, await headersFor([SECRET]), BODY, NOW)).toMatchObject({ ok: true, secretIndex: 0 });
    expect(await verify(secrets, await headersFor([OTHER_SECRET]), BODY, NOW)).toMatchObject({
      ok: true,
      secretIndex: 1,
    });
    expect(await verify(secrets, await headersFor(secrets), BODY, NOW)).toMatchObject({ ok: true, secretIndex: 0 });
    expectFailure(await verify(secrets, await headersFor([generateSecret()]), BODY, NOW), "bad_signature");
  });

  it("verifies raw bytes that are not valid UTF-8 (no decode round trip)", async () => {
    const bytes = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]);
    const headers = await signatureHeaders([SECRET], ID, NOW, bytes);
    expect((await verify([SECRET], headers, bytes, NOW)).ok).toBe(true);
    expectFailure(await verify([SECRET], headers, new TextDecoder().decode(bytes), NOW), "bad_signature");
  });

  it("refuses everything when no secret is configured", async () => {
    expectFailure(await verify([], await headersFor([SECRET]), BODY, NOW), "bad_signature");
  });

  it("throws WebhookSecretError for a malformed stored secret rather than reporting a bad signature", async () => {
    await expect(verify(["whsec_***"], await headersFor([SECRET]), BODY, NOW)).rejects.toThrow(WebhookSecretError);
  });
});
