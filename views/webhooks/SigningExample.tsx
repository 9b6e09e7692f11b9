// A ready-to-run shell example (curl + openssl, as in the README) that signs one import for this endpoint.
const SAMPLE_BODY =
  '{"rows":[{"sku":"HOOK-1","title":"Cotton t-shirt","origin_country":"BD","customs_value":4.2,"currency":"USD"}]}';

export function signingScript(origin: string, endpointId: string, secret: string): string {
  return [
    `U='${origin}'; ENDPOINT='${endpointId}'; SECRET='${secret}'`,
    `BODY='${SAMPLE_BODY}'`,
    "ID=msg_$(date +%s%N); TS=$(date +%s)",
    `KEY=$(printf '%s' "\${SECRET#whsec_}" | base64 -d | od -An -tx1 | tr -d ' \\n')`,
    `SIG=$(printf '%s' "$ID.$TS.$BODY" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEY" -binary | base64)`,
    "curl -s -X POST $U/webhooks/v1/imports/$ENDPOINT -H 'content-type: application/json' \\",
    '  -H "webhook-id: $ID" -H "webhook-timestamp: $TS" -H "webhook-signature: v1,$SIG" -d "$BODY"',
  ].join("\n");
}

export function SigningExample({ origin, endpointId, secret }: { origin: string; endpointId: string; secret: string }) {
  return (
    <>
      <p class="hint">
        Send a test import from a shell (any Standard Webhooks library signs the same way). It answers <code>202</code>{" "}
        with the job it started.
      </p>
      <pre class="signing-example">{signingScript(origin, endpointId, secret)}</pre>
    </>
  );
}
