// Opening an endpoint's sealed signing secrets: the current one, plus the previous one while its rotation grace lasts.

import { makeDb } from "../db/client.ts";
import type { WebhookEndpointRow } from "../db/schema.ts";
import { updateEndpoint } from "../db/webhooks.ts";
import { deriveKey, open, seal } from "../domain/secret-box.ts";
import { generateSecret } from "../domain/standard-webhooks.ts";
import { engineConfig, secretsKey } from "../jobs/config.ts";

const keys = new Map<string, Promise<CryptoKey>>();

/** The key that seals secrets at rest (webhook endpoints, alert rules), derived once per master secret. */
export function masterKey(env: Env): Promise<CryptoKey> {
  const master = secretsKey(env);
  let key = keys.get(master);
  if (!key) {
    key = deriveKey(master);
    keys.set(master, key);
  }
  return key;
}

/** Secrets that verify (and sign) for this endpoint now, newest first. The endpoint id binds each sealed box. */
export async function activeSecrets(env: Env, endpoint: WebhookEndpointRow, now: number): Promise<string[]> {
  const key = await masterKey(env);
  const secrets = [await open(key, endpoint.secretSealed, endpoint.id)];
  if (endpoint.previousSecretSealed && (endpoint.previousSecretExpiresAt ?? 0) > now) {
    secrets.push(await open(key, endpoint.previousSecretSealed, endpoint.id));
  }
  return secrets;
}

/** A fresh `whsec_` secret and its sealed form for the endpoint `endpointId`. */
export async function newSealedSecret(env: Env, endpointId: string): Promise<{ secret: string; sealed: string }> {
  const secret = generateSecret();
  return { secret, sealed: await seal(await masterKey(env), secret, endpointId) };
}

/**
 * Rotates an endpoint's secret: a new one becomes current and the current one keeps verifying (and co-signing
 * callbacks) for the grace period; an older secret still in its grace ends at once. Returns the new secret, shown once.
 */
export async function rotateEndpointSecret(
  env: Env,
  endpoint: WebhookEndpointRow,
  now: number,
): Promise<{ endpoint: WebhookEndpointRow; secret: string } | null> {
  const { secret, sealed } = await newSealedSecret(env, endpoint.id);
  const updated = await updateEndpoint(
    makeDb(env.DB),
    endpoint.id,
    {
      secretSealed: sealed,
      previousSecretSealed: endpoint.secretSealed,
      previousSecretExpiresAt: now + engineConfig(env).rotationGraceMs,
    },
    now,
  );
  return updated ? { endpoint: updated, secret } : null;
}
