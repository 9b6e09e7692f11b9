// POST /api/v1/tokens: exchanges email + password + workspace for a bearer token. Unknown email and wrong password
// get the same answer after the same work, so the endpoint does not reveal which accounts exist.
import { Hono } from "hono";
import { z } from "zod";
import { createApiToken, findMembership, findUserByEmail, findWorkspaceBySlug } from "../db/auth.ts";
import { makeDb } from "../db/client.ts";
import { DUMMY_PASSWORD_HASH, verifyPassword } from "../domain/passwords.ts";
import type { AppEnv } from "../env.ts";
import { ApiError } from "../middleware/errors.ts";
import { readJson } from "./json-body.ts";

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
  const user = await findUserByEmail(db, body.email);
  const passwordOk = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  const workspace = await findWorkspaceBySlug(db, body.workspace);
  const role = user && workspace ? await findMembership(db, workspace.id, user.id) : undefined;
  if (!user || !passwordOk || !workspace || !role) throw new ApiError(401, "invalid_credentials", BAD_CREDENTIALS);
  const token = await createApiToken(db, {
    userId: user.id,
    workspaceId: workspace.id,
    name: body.name ?? "api",
    now: Date.now(),
  });
  return c.json({ token, workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name }, role }, 201);
});
