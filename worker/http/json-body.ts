// Reads a JSON request body safely: wrong content type (415), malformed JSON (400), then zod validation (422).

import type { Context } from "hono";
import type { z } from "zod";
import { ApiError, fieldErrors, ValidationFailed } from "../api/errors.ts";

/** The largest request body we parse (API and webhooks); bigger imports come by source_url. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function readJson<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ApiError(415, "unsupported_media_type", "send the body as JSON with Content-Type: application/json");
  }
  let body: unknown;
  try {
    body = JSON.parse(await c.req.text());
  } catch {
    throw new ApiError(400, "malformed_json", "the request body is not valid JSON");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ValidationFailed(fieldErrors(parsed.error));
  return parsed.data;
}
