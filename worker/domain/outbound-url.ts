// The one policy for URLs the platform fetches on a user's behalf (import sources, job callbacks): https to public
// hosts in production; local runs may also use http://127.0.0.1 or http://localhost for test servers.
import { checkCallbackUrl } from "./callback-url.ts";

export function checkOutboundUrl(
  input: string,
  options: { production: boolean; label: string },
): { ok: true; url: URL } | { ok: false; reason: string } {
  const check = checkCallbackUrl(input, { allowInsecureLoopback: !options.production });
  if (check.ok) return check;
  return { ok: false, reason: check.reason.replace(/^The callback URL/, `The ${options.label}`) };
}
