// How a receiver checks an alert webhook: the Standard Webhooks headers, the signed content, and a few lines with
// the `standardwebhooks` package (any Standard Webhooks library verifies the same way).
export function verifyScript(secret: string): string {
  return [
    'import { Webhook } from "standardwebhooks";',
    "",
    `const hook = new Webhook("${secret}");`,
    "// body: the raw request body as text; headers: webhook-id, webhook-timestamp, webhook-signature",
    "const event = hook.verify(body, headers); // throws when the signature or the timestamp is wrong",
    "console.log(event.type, event.data.rule.name, event.data.alert?.summary); // alert is null for a test",
  ].join("\n");
}

export function VerifyExample({ secret }: { secret: string }) {
  return (
    <>
      <p>
        Each delivery is a <code>POST</code> of <code>{'{"type", "timestamp", "data": {alert, rule}}'}</code> with the
        headers <code>webhook-id</code>, <code>webhook-timestamp</code> and <code>webhook-signature</code>. The
        signature is <code>v1,</code> and the base64 HMAC-SHA256 of <code>id.timestamp.body</code>, keyed with the
        secret's bytes after <code>whsec_</code>. Types are <code>alert.firing</code>, <code>alert.resolved</code> and{" "}
        <code>alert.test</code> (from Send test).
      </p>
      <pre class="signing-example">{verifyScript(secret)}</pre>
    </>
  );
}
