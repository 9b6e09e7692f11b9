// POST /api/v1/tokens: exchanges email + password + workspace for a bearer token, through the same throttled
// credential check as the login page (a lock on one is a lock on the other; 429 with Retry-After).

import { Hono } from "hono";
import { z } from "zod";
import { ApiError, Throttled } from "../api/errors.ts";
import { createApiToken } from "../db/auth.ts";
import { makeDb } from "../db/client.ts";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/json-body.ts";
import { checkCredentials, throttledMessage } from "../middleware/credential-check.ts";

const tokenRequestSchema = z.strictObject({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1024),
  workspace: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(100).optional(),
});

const BAD_CREDENTIALS = "email, password or workspace is not correct";

export const tokenRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const body = await readJson(c, tokenRequestSchema);
  const db = makeDb(c.env.DB);
  const now = Date.now();
  const verdict = await checkCredentials(db, {
    email: body.email,
    password: body.password,
    clientAddress: c.req.header("cf-connecting-ip") ?? null,
    workspace: body.workspace,
    now,
  });
  if (verdict.kind === "throttled")
    throw new Throttled(throttledMessage(verdict.until, now), verdict.retryAfterSeconds);
  if (verdict.kind === "bad") throw new ApiError(401, "invalid_credentials", BAD_CREDENTIALS);
  const { user, membership } = verdict;
  const { workspace, role } = membership;
  const token = await createApiToken(db, {
    userId: user.id,
    workspaceId: workspace.id,
    name: body.name ?? "api",
    now,
  });
  return c.json({ token, workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name }, role }, 201);
});
