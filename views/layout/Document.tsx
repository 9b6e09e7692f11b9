// The HTML shell of every page: head with our stylesheet and htmx config, scripts at the end of the body (all from
// our own origin: the CSP allows nothing else, and nothing inline).

import { raw } from "hono/html";
import type { Child } from "hono/jsx";

/**
 * hx-ws reconnects only after the close codes listed here; 1000 is added because a hub restart or deploy may close
 * sockets normally and the page must still come back (PLATFORM.md §5).
 */
export const HTMX_CONFIG = JSON.stringify({
  ws: { reconnectCodes: [1000, 1001, 1005, 1006, 1011, 1012, 1013, 1014] },
});

export function Document({ title, bodyClass, children }: { title: string; bodyClass?: string; children: Child }) {
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="htmx-config" content={HTMX_CONFIG} />
          <title>{`${title} · DutyLeak`}</title>
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/static/app.css" />
          {/* In the head and not deferred: the chosen theme applies before the first paint (no light flash). */}
          <script src="/static/theme.js" />
        </head>
        <body class={bodyClass}>
          {children}
          {/* Not deferred: htmx must find hx-ws registered before it processes the page on DOMContentLoaded. */}
          <script src="/vendor/htmx.min.js" />
          <script src="/vendor/hx-ws.js" />
          <script src="/static/relative-time.js" />
          <script src="/static/app.js" />
        </body>
      </html>
    </>
  );
}
