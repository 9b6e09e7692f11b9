// The shape of our ids (ULIDs: opaque, URL-safe, sortable by creation), for validating ids and cursors at the edge.
import { z } from "zod";

export const ULID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const ulidSchema = z.string().regex(ULID_PATTERN);
