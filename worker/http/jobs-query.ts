// The admin jobs list's query (the URL, or the hidden fields of the forms that keep the filter) read into the filter
// the views link with, and that filter as the data layer's JobFilter. Stale or unknown status/type/cursor values are
// dropped quietly (a bookmarked URL still opens); a search, time range or error group that cannot be used is dropped
// too, but with a sentence saying why, which the page shows (and answers 422), so nothing is silently ignored.
import { z } from "zod";
import type { JobsFilter, JobsPosition } from "../../views/jobs/filters.ts";
import type { JobsFormValues } from "../../views/jobs/JobFilters.tsx";
import { SIGNATURE_PATTERN, searchTextSchema } from "../api/find-and-fix.ts";
import { ulidSchema } from "../api/ids.ts";
import { jobStatusSchema } from "../api/schema.ts";
import type { JobFilter } from "../db/jobs/filter.ts";
import { parseBound, parseTimeRange } from "./time-range.ts";

export const jobTypeParamSchema = z
  .string()
  .regex(/^[a-z_]{1,64}$/)
  .optional()
  .catch(undefined);

const quietSchema = z.object({
  status: jobStatusSchema.optional().catch(undefined),
  type: jobTypeParamSchema,
  cursor: ulidSchema.optional().catch(undefined),
  before: ulidSchema.optional().catch(undefined),
});

export interface JobsQuery {
  filter: JobsFilter;
  position: JobsPosition;
  form: JobsFormValues;
  problems: string[];
}

const sentence = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

export function parseJobsQuery(query: Record<string, string | undefined>): JobsQuery {
  const quiet = quietSchema.parse(query);
  const problems: string[] = [];

  const typed = query.q?.trim() ?? "";
  let q: string | undefined;
  if (typed !== "") {
    const parsed = searchTextSchema.safeParse(typed);
    if (parsed.success) q = parsed.data;
    else
      problems.push(
        `${sentence(parsed.error.issues[0]?.message ?? "this search cannot be used")}; the list is not searched.`,
      );
  }

  const range = parseTimeRange(query.created_from, query.created_to);
  problems.push(...range.problems);

  let errorSignature: string | undefined;
  const signature = query.error_signature?.trim() ?? "";
  if (signature !== "") {
    if (SIGNATURE_PATTERN.test(signature)) errorSignature = signature;
    else problems.push("That error group link is not valid, so the list is not narrowed to an error group.");
  }

  const filter: JobsFilter = {
    status: quiet.status,
    type: quiet.type,
    q,
    createdFrom: range.from?.text,
    createdTo: range.to?.text,
    errorSignature,
  };
  const rangeApplied = range.problems.length === 0;
  return {
    filter,
    position: { cursor: quiet.cursor, before: quiet.before },
    form: {
      q: q ?? typed,
      from: rangeApplied ? (filter.createdFrom ?? "") : (query.created_from ?? ""),
      to: rangeApplied ? (filter.createdTo ?? "") : (query.created_to ?? ""),
      applied: rangeApplied,
    },
    problems,
  };
}

/** The filter as the data layer takes it: the range's bounds as instants (the texts are ones parseJobsQuery made). */
export function jobFilterOf(filter: JobsFilter): JobFilter {
  return {
    status: filter.status,
    type: filter.type,
    q: filter.q,
    createdFrom: filter.createdFrom ? parseBound(filter.createdFrom, false)?.ms : undefined,
    createdTo: filter.createdTo ? parseBound(filter.createdTo, true)?.ms : undefined,
    errorSignature: filter.errorSignature,
  };
}
