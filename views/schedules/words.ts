// What the schedules pages call things: the overlap choices, how a run was fired and what it did, and the time
// zones the form suggests (any IANA name is accepted; these are the common ones, UTC first).
import type { OVERLAPS, ScheduleRunJson } from "../../worker/api/schedules.ts";

export type Overlap = (typeof OVERLAPS)[number];

export const OVERLAP_LABELS: Record<Overlap, string> = { skip: "Skip", allow: "Allow" };

/** What each overlap choice does, in the form and beside the choice in the table. */
export const OVERLAP_HINTS: Record<Overlap, string> = {
  skip: "while the last job is still pending or running, a due time creates no job and says so",
  allow: "every due time creates a job, even while the last one is still running",
};

/** The same, short, under the choice in the table. */
export const OVERLAP_NOTES: Record<Overlap, string> = {
  skip: "while the last job is active",
  allow: "a job every time",
};

export const RUN_KIND_LABELS: Record<ScheduleRunJson["kind"], string> = { cron: "Cron", run_now: "Run now" };

export const RUN_OUTCOME_LABELS: Record<ScheduleRunJson["outcome"], string> = {
  claimed: "Starting",
  created: "Created",
  skipped: "Skipped",
  failed: "Failed",
};

/** A run's reason without the word its outcome badge already says ("skipped: the previous job…"). */
export function runDetail(run: Pick<ScheduleRunJson, "outcome" | "detail">): string | null {
  if (!run.detail) return null;
  return run.outcome === "skipped" ? run.detail.replace(/^skipped: /, "") : run.detail;
}

export const TIME_ZONES = [
  "UTC",
  "Europe/London",
  "Europe/Dublin",
  "Europe/Lisbon",
  "Europe/Paris",
  "Europe/Berlin",
  "Europe/Amsterdam",
  "Europe/Madrid",
  "Europe/Rome",
  "Europe/Stockholm",
  "Europe/Warsaw",
  "Europe/Athens",
  "Europe/Helsinki",
  "Europe/Istanbul",
  "Europe/Moscow",
  "Africa/Cairo",
  "Africa/Lagos",
  "Africa/Nairobi",
  "Africa/Johannesburg",
  "Asia/Dubai",
  "Asia/Karachi",
  "Asia/Kolkata",
  "Asia/Dhaka",
  "Asia/Bangkok",
  "Asia/Jakarta",
  "Asia/Singapore",
  "Asia/Shanghai",
  "Asia/Hong_Kong",
  "Asia/Taipei",
  "Asia/Seoul",
  "Asia/Tokyo",
  "Australia/Perth",
  "Australia/Sydney",
  "Pacific/Auckland",
  "Pacific/Honolulu",
  "America/Anchorage",
  "America/Los_Angeles",
  "America/Vancouver",
  "America/Denver",
  "America/Phoenix",
  "America/Chicago",
  "America/Mexico_City",
  "America/New_York",
  "America/Toronto",
  "America/Bogota",
  "America/Lima",
  "America/Sao_Paulo",
  "America/Argentina/Buenos_Aires",
] as const;
