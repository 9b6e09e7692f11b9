// Errors on web pages: the same typed errors as the API, rendered as an HTML error page (403, 404, 413, 422, 429…),
// or for htmx requests as a message in the page's #flash area. Unknown errors are logged and get a generic 500.

import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { FlashMessage } from "../../views/components/Flash.tsx";
import { ErrorPage } from "../../views/errors/ErrorPage.tsx";
import { ApiError, ValidationFailed } from "../api/errors.ts";
import type { Principal } from "../api/principal.ts";
import { isHtmx } from "./session.ts";

/** Paths served as HTML pages; everything else (API, webhooks, dev routes) keeps JSON errors. */
const PAGE_PREFIXES = ["/login", "/logout", "/workspace", "/admin", "/products", "/imports"];

export function isPagePath(path: string): boolean {
  return path === "/" || PAGE_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

export const CSRF_MESSAGE =
  "This form was not sent from a DutyLeak page, so it was refused (cross-site request protection). Reload the page and try again.";

/** Data-layer messages are API-style ("job not found"); pages show them as sentences. */
function sentence(text: string): string {
  const capital = `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** Status and human message of anything thrown while serving a page. */
export function describePageError(error: unknown, method: string): { status: ContentfulStatusCode; message: string } {
  if (error instanceof ApiError)
    return { status: error.status as ContentfulStatusCode, message: sentence(error.message) };
  if (error instanceof ValidationFailed) {
    const details = Object.entries(error.fields).map(([field, messages]) => `${field}: ${messages.join(", ")}`);
    return { status: 422, message: `The form is not valid. ${details.join("; ")}` };
  }
  if (error instanceof HTTPException) {
    // hono/csrf throws a bare 403 for state-changing requests from another origin.
    if (error.status === 403 && method !== "GET" && method !== "HEAD") return { status: 403, message: CSRF_MESSAGE };
    const status = error.status as ContentfulStatusCode;
    return { status, message: error.message || "The request was refused." };
  }
  console.error("unhandled page error:", error);
  return { status: 500, message: "Something went wrong on our side. Please try again." };
}

export function pageError(error: unknown, c: Context): Response | Promise<Response> {
  const { status, message } = describePageError(error, c.req.method);
  if (isHtmx(c)) {
    // htmx swaps error responses into the request's target (a row, the list): show a message instead.
    c.header("HX-Retarget", "#flash");
    c.header("HX-Reswap", "innerHTML");
    return c.html(<FlashMessage tone="error">{message}</FlashMessage>, status);
  }
  const principal = c.get("principal") as Principal | undefined;
  const viewer = principal ? { principal, memberships: [] } : null;
  return c.html(<ErrorPage status={status} message={message} viewer={viewer} />, status);
}
