// The one HTTP client for every fetch made on a user's behalf (import sources, job callbacks, any later alert
// channel). It applies the outbound URL policy to the first URL and to every redirect hop, never follows an https URL
// to http, and turns failures into errors that name what failed (host, status, reason) without the URL's query or
// credentials, which may hold secrets such as presigned tokens.
import { OutboundRefused } from "../api/errors.ts";
import { checkOutboundUrl } from "../domain/outbound-url.ts";

/** Redirects followed at most; a longer chain is refused. */
export const MAX_REDIRECTS = 5;

export interface OutboundOptions {
  /** Production refuses plain http and loopback; local runs allow http://127.0.0.1 and localhost. */
  production: boolean;
  /** What the URL is, for messages: "source URL", "callback URL". */
  label: string;
  /** Follow redirects (each hop checked), or treat a redirect as the answer (callbacks: a 3xx is not a delivery). */
  redirects: "follow" | "refuse";
  timeoutMs: number;
  /** Injected in tests; the platform's fetch otherwise. */
  fetcher?: typeof fetch;
}

/** The host, port and path of a URL, without its query, fragment or credentials: safe to show and to log. */
export function describeUrl(url: URL): string {
  return `${url.host}${url.pathname === "/" ? "" : url.pathname}`;
}

/** describeUrl for a URL that is still text (and may not parse). */
export function describeUrlText(input: string): string {
  try {
    return describeUrl(new URL(input));
  } catch {
    return "an invalid URL";
  }
}

export async function outboundFetch(input: string, init: RequestInit, options: OutboundOptions): Promise<Response> {
  const fetcher = options.fetcher ?? fetch;
  let url = checked(input, options, null);
  for (let hop = 0; ; hop++) {
    let response: Response;
    try {
      response = await fetcher(url, {
        ...init,
        redirect: "manual",
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      throw new Error(`${options.label} ${describeUrl(url)} could not be reached: ${networkReason(error)}`);
    }
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || location === null || options.redirects === "refuse") {
      return response;
    }
    await response.body?.cancel();
    if (hop >= MAX_REDIRECTS) {
      throw new OutboundRefused(`${options.label} ${describeUrl(url)} redirected more than ${MAX_REDIRECTS} times`);
    }
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new OutboundRefused(`${options.label} ${describeUrl(url)} redirected to an invalid URL`);
    }
    url = checked(next.href, options, url);
  }
}

/** The policy for one hop; `from` is the URL that redirected here (null for the first). */
function checked(input: string, options: OutboundOptions, from: URL | null): URL {
  const check = checkOutboundUrl(input, { production: options.production, label: options.label });
  if (!check.ok) {
    if (!from) throw new OutboundRefused(check.reason);
    throw new OutboundRefused(`${options.label} ${describeUrl(from)} redirected to a refused URL: ${check.reason}`);
  }
  if (from?.protocol === "https:" && check.url.protocol !== "https:") {
    throw new OutboundRefused(
      `${options.label} ${describeUrl(from)} redirected from https to plain http (${describeUrl(check.url)})`,
    );
  }
  return check.url;
}

/** A short reason for a failed fetch: a timeout says so; otherwise the runtime's message, cleaned of a final dot. */
function networkReason(error: unknown): string {
  if (error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return "no answer in time";
  }
  const message = error instanceof Error ? error.message || error.name : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : "";
  const reason = [message, cause]
    .filter(Boolean)
    .join(": ")
    .replace(/[.\s]+$/, "");
  return reason.charAt(0).toLowerCase() + reason.slice(1) || "network error";
}
