// The error groups API (v1): failed and dead-lettered jobs grouped by error signature, and the replay of a group with
// an optional JSON merge patch (dry run first). Owners and admins only; another workspace's signature is a 404.
import { zValidator } from "@hono/zod-validator";
import { Hono } from "hono";
import { z } from "zod";
import { fieldErrors, notFound, ValidationFailed } from "../api/errors.ts";
import { isoInstantSchema, replayRequestSchema, SIGNATURE_PATTERN } from "../api/find-and-fix.ts";
import { makeDb } from "../db/client.ts";
import { listErrorGroups } from "../db/errors.ts";
import { engineDeps } from "../engine-deps.ts";
import type { AppEnv } from "../env.ts";
import { readJson } from "../http/json-body.ts";
import { replayGroup } from "../jobs/edit-retry.ts";
import { MANAGER_ROLES, requireRole, requireToken } from "../middleware/auth.ts";

const groupsQuerySchema = z
  .object({
    type: z
      .string()
      .regex(/^[a-z_]{1,64}$/, "must be a job type such as data_import")
      .optional(),
    created_from: isoInstantSchema.optional(),
    created_to: isoInstantSchema.optional(),
  })
  .refine((q) => q.created_from === undefined || q.created_to === undefined || q.created_from <= q.created_to, {
    message: "created_from must not be after created_to",
    path: ["created_to"],
  });

const signatureParamSchema = z.object({ signature: z.string().regex(SIGNATURE_PATTERN) });

export const errorRoutes = new Hono<AppEnv>()
  .use(requireToken, requireRole(MANAGER_ROLES, "reading error groups"))
  .get(
    "/",
    zValidator("query", groupsQuerySchema, (result) => {
      if (!result.success) throw new ValidationFailed(fieldErrors(result.error));
    }),
    async (c) => {
      const query = c.req.valid("query");
      const groups = await listErrorGroups(makeDb(c.env.DB), c.var.principal.workspace.id, {
        type: query.type,
        createdFrom: query.created_from,
        createdTo: query.created_to,
      });
      return c.json({ groups });
    },
  )
  .post(
    "/:signature/retry",
    zValidator("param", signatureParamSchema, (result) => {
      if (!result.success) throw notFound("error group");
    }),
    async (c) => {
      const { principal } = c.var;
      const body = await readJson(c, replayRequestSchema);
      const deps = engineDeps(c.env, (p) => c.executionCtx.waitUntil(p));
      const answer = await replayGroup(
        deps,
        principal.workspace.id,
        c.req.valid("param").signature,
        { patch: body.payload_patch, dryRun: body.dry_run ?? false, reason: body.reason },
        principal.user.email,
      );
      if (!answer) throw notFound("error group");
      return c.json(answer);
    },
  );
