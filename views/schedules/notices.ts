// What the schedules page says after an action: the redirect names the action, the schedule and (for Run now) the
// run's due time, never free text; the page looks each up (ScheduleNotice.tsx words it).
export const SCHEDULE_NOTICES = ["created", "ran", "paused", "resumed", "deleted"] as const;
export type ScheduleNotice = (typeof SCHEDULE_NOTICES)[number];
