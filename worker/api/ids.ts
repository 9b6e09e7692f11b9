// The shape of our ids (ULIDs: opaque, URL-safe, sortable by creation), for validating ids and cursors at the edge.
import { z } from "zod";

export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const ulidSchema = z.string().regex(ULID_PATTERN);

/** How lists show an id (pages and TUI alike): its last 8 characters, the random part that tells neighbours apart. */
export function shortId(id: string): string {
  return id.slice(-8);
}
