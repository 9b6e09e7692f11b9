// The Hono app: JSON API v1 (tokens, jobs, live) plus the local-only dev routes. Errors leave through onError only.
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./env.ts";
import { ApiError, errorBody, onError } from "./middleware/errors.ts";
import { jobRoutes } from "./routes/api-jobs.ts";
import { liveRoutes } from "./routes/api-live.ts";
import { tokenRoutes } from "./routes/api-tokens.ts";
import { webhookEndpointRoutes } from "./routes/api-webhook-endpoints.ts";
import { devRoutes } from "./routes/dev.ts";
import { exportRoutes } from "./routes/exports.ts";
import { MAX_BODY_BYTES } from "./routes/json-body.ts";
import { webhookRoutes } from "./routes/webhooks.ts";

export const app = new Hono<AppEnv>();

// WebSocket routes first: middleware that touches headers would break the hub's 101 response.
app.route("/api/v1/live", liveRoutes);

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
app.route("/api/v1/webhook-endpoints", webhookEndpointRoutes);
app.route("/webhooks/v1", webhookRoutes);
app.route("/exports", exportRoutes);
app.route("/__dev", devRoutes);

app.get("/healthz", (c) => c.json({ ok: true }));
app.get("/", (c) => c.redirect("/admin/jobs"));
app.notFound((c) => c.json(errorBody("not_found", `no route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404));
app.onError(onError);
