// Job priorities (DESIGN.md "Lanes"): the wire names and the order admission uses (stored as 0, 1, 2 so that an
// index orders them). Pure (wire layer), so the TUI may import it.
import { z } from "zod";

export const PRIORITIES = ["high", "normal", "low"] as const;
export const prioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof prioritySchema>;

export const PRIORITY_LABELS: Record<Priority, string> = { high: "High", normal: "Normal", low: "Low" };

/** The stored rank of a priority: lower is admitted first. */
export const priorityRank = (priority: Priority): number => PRIORITIES.indexOf(priority);

export const DEFAULT_PRIORITY = priorityRank("normal");

/** The priority of a stored rank (an unknown rank reads as normal). */
export const priorityOf = (rank: number): Priority => PRIORITIES[rank] ?? "normal";
