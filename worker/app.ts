// The Hono app: JSON API v1 (tokens, jobs, errors, live), the web pages (login, admin jobs, errors, metrics, alerts,
// schedules and webhooks, products, imports) and the local-only dev routes. Errors leave through onError only: JSON
// for the API, an HTML page for pages.

import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { ApiError, notFound } from "./api/errors.ts";
import type { AppEnv } from "./env.ts";
import { MAX_BODY_BYTES } from "./http/json-body.ts";
import { errorBody, onError } from "./middleware/errors.ts";
import { isPagePath, pageError } from "./middleware/page-errors.tsx";
import { alertRoutes, alertRuleRoutes } from "./routes/api-alerts.ts";
import { archiveRoutes } from "./routes/api-archives.ts";
import { errorRoutes } from "./routes/api-errors.ts";
import { jobRoutes } from "./routes/api-jobs.ts";
import { laneRoutes } from "./routes/api-lanes.ts";
import { liveRoutes } from "./routes/api-live.ts";
import { metricsApiRoutes, openMetricsRoutes } from "./routes/api-metrics.ts";
import { scheduleRoutes } from "./routes/api-schedules.ts";
import { settingsRoutes } from "./routes/api-settings.ts";
import { tokenRoutes } from "./routes/api-tokens.ts";
import { webhookEndpointRoutes } from "./routes/api-webhook-endpoints.ts";
import { devRoutes } from "./routes/dev.ts";
import { exportRoutes } from "./routes/exports.ts";
import { adminAlertPages } from "./routes/pages-admin-alerts.tsx";
import { adminArchivePages } from "./routes/pages-admin-archives.tsx";
import { adminErrorPages } from "./routes/pages-admin-errors.tsx";
import { adminJobPages } from "./routes/pages-admin-jobs.tsx";
import { adminLanePages } from "./routes/pages-admin-lanes.tsx";
import { adminMetricsPages } from "./routes/pages-admin-metrics.tsx";
import { adminSchedulePages } from "./routes/pages-admin-schedules.tsx";
import { adminWebhookPages } from "./routes/pages-admin-webhooks.tsx";
import { authPages } from "./routes/pages-auth.tsx";
import { importPages, productPages } from "./routes/pages-products.tsx";
import { webhookRoutes } from "./routes/webhooks.ts";

export const app = new Hono<AppEnv>();

// WebSocket routes first: middleware that touches headers would break the hub's 101 response. (Browsers open the
// same route with their session cookie.)
app.route("/api/v1/live", liveRoutes);

// Only our own scripts and styles, nothing inline (htmx 4 and hx-ws work under this; hx-on and trigger filters
// would not, so the pages use neither).
app.use(
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      objectSrc: ["'none'"],
    },
    xFrameOptions: "DENY",
  }),
);

app.use(
  "/api/*",
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError(413, "payload_too_large", "the request body is over 10 MB; send large imports by source_url");
    },
  }),
);
app.route("/api/v1/tokens", tokenRoutes);
app.route("/api/v1/jobs", jobRoutes);
app.route("/api/v1/errors", errorRoutes);
app.route("/api/v1/lanes", laneRoutes);
app.route("/api/v1/metrics", metricsApiRoutes);
app.route("/metrics", openMetricsRoutes);
app.route("/api/v1/settings", settingsRoutes);
app.route("/api/v1/webhook-endpoints", webhookEndpointRoutes);
app.route("/api/v1/alert-rules", alertRuleRoutes);
app.route("/api/v1/alerts", alertRoutes);
app.route("/api/v1/schedules", scheduleRoutes);
app.route("/api/v1/archives", archiveRoutes);
app.route("/webhooks/v1", webhookRoutes);
app.route("/exports", exportRoutes);
app.route("/__dev", devRoutes);

// Pages: session cookie, role gates and CSRF checks live in each group (worker/middleware/session.ts).
app.route("/", authPages);
app.route("/admin/jobs", adminJobPages);
app.route("/admin/errors", adminErrorPages);
app.route("/admin/lanes", adminLanePages);
app.route("/admin/metrics", adminMetricsPages);
app.route("/admin/alerts", adminAlertPages);
app.route("/admin/schedules", adminSchedulePages);
app.route("/admin/archives", adminArchivePages);
app.route("/admin/webhooks", adminWebhookPages);
app.get("/admin", (c) => c.redirect("/admin/jobs", 302));
app.route("/products", productPages);
app.route("/imports", importPages);

app.get("/healthz", (c) => c.json({ ok: true }));
app.notFound((c) =>
  isPagePath(c.req.path)
    ? pageError(notFound("page"), c)
    : c.json(errorBody("not_found", `no route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404),
);
app.onError((error, c) => (isPagePath(c.req.path) ? pageError(error, c) : onError(error, c)));
