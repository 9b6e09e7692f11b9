// How a job's ending reads on its page: the label of its end time and why there is no result. Whether a job has
// ended is the lifecycle's answer (isTerminal); these maps only hold the words for each status.
import { isTerminal } from "../../worker/api/lifecycle.ts";
import type { JobStatus } from "../../worker/api/schema.ts";

/** The end time says how the job ended: a dead-letter job did not "complete". */
const END_LABELS: Partial<Record<JobStatus, string>> = {
  completed: "Completed At",
  failed: "Failed At",
  dead_letter: "Dead-lettered At",
  cancelled: "Cancelled At",
};

/** The label of the job's end time, or null while it is active (it has no end yet). */
export function endLabel(status: JobStatus): string | null {
  if (!isTerminal(status)) return null;
  // A terminal status added to the lifecycle later still gets a truthful, if plainer, label.
  return END_LABELS[status] ?? "Ended At";
}

/** Why an ended job has no result; an error is explained in the Error panel, so the text points there. */
const NO_RESULT_ENDED: Partial<Record<JobStatus, { text: string; seeError: boolean }>> = {
  failed: { text: "No result: the job ended with an error", seeError: true },
  dead_letter: { text: "No result: the job ended with an error", seeError: true },
  cancelled: { text: "No result: cancelled before it finished", seeError: false },
  completed: { text: "No result: the job finished without recording one", seeError: false },
};

/** Only a job that may still run says its result is not there yet. */
const NO_RESULT_ACTIVE: Partial<Record<JobStatus, string>> = {
  paused: "No result yet: the job is paused",
};

export type NoResult = { text: string; seeError: boolean };

export function noResult(status: JobStatus): NoResult {
  if (!isTerminal(status)) return { text: NO_RESULT_ACTIVE[status] ?? "No result yet", seeError: false };
  return NO_RESULT_ENDED[status] ?? { text: "No result: the job ended without one", seeError: false };
}
