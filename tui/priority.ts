// `+` and `-`: a pending job one priority up or down (PATCH /api/v1/jobs/:id), and what is said about it. Pure.
import { canReprioritise } from "../worker/api/lifecycle.ts";
import { PRIORITIES, PRIORITY_LABELS, type Priority } from "../worker/api/priority.ts";
import { type Job, STATUS_LABELS } from "../worker/api/schema.ts";

export type PriorityStep = "up" | "down";

/** The priority one step from `current` (PRIORITIES runs highest first), or null past either end. */
export function steppedPriority(current: Priority, step: PriorityStep): Priority | null {
  const i = PRIORITIES.indexOf(current) + (step === "up" ? -1 : 1);
  return PRIORITIES[i] ?? null;
}

/** The priority to ask for, or why not: only a pending job waits to be admitted, and the ends do not move. */
export function planPriority(job: Job, step: PriorityStep): { priority: Priority } | { refusal: string } {
  if (!canReprioritise(job.status)) {
    return { refusal: `Only a pending job's priority can change; this one is ${STATUS_LABELS[job.status]}.` };
  }
  const priority = steppedPriority(job.priority, step);
  if (!priority) {
    const end = step === "up" ? "highest" : "lowest";
    return { refusal: `Job ${job.id} is already ${PRIORITY_LABELS[job.priority]}, the ${end} priority.` };
  }
  return { priority };
}

/** "Priority of 01J… raised to High (was Normal)." */
export function priorityAnswerText(before: Job, after: Job): string {
  const verb = PRIORITIES.indexOf(after.priority) < PRIORITIES.indexOf(before.priority) ? "raised" : "lowered";
  return `Priority of ${after.id} ${verb} to ${PRIORITY_LABELS[after.priority]} (was ${PRIORITY_LABELS[before.priority]}).`;
}
