// The Worker → hub handshake: who is connecting, passed in headers the Worker sets after authenticating the upgrade
// (the hub is not reachable from outside except through that route). The event union itself is in worker/api/schema.ts.
import { z } from "zod";

export const MAX_CLIENT_MESSAGE_BYTES = 4096;

const connectionSchema = z.object({
  workspaceId: z.string().min(1),
  userId: z.string().min(1),
  role: z.enum(["owner", "admin"]),
  /** `html` sockets (browsers) also get the rendered row for an htmx out-of-band swap. */
  format: z.enum(["json", "html"]),
});
export type Connection = z.infer<typeof connectionSchema>;

const HEADER = "x-dutyleak-hub-connection";

export function connectionHeaders(connection: Connection, original: Headers): Headers {
  const headers = new Headers();
  for (const name of [
    "upgrade",
    "connection",
    "sec-websocket-key",
    "sec-websocket-version",
    "sec-websocket-protocol",
  ]) {
    const value = original.get(name);
    if (value !== null) headers.set(name, value);
  }
  headers.set(HEADER, JSON.stringify(connectionSchema.parse(connection)));
  return headers;
}

export function connectionFromHeaders(headers: Headers): Connection | null {
  try {
    const parsed = connectionSchema.safeParse(JSON.parse(headers.get(HEADER) ?? "null"));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
