// The soak's schedules: one due every minute (overlap allow) created at the start, paused and resumed now and then
// by an operator, fired by the hubs' alarms across the restarts and duplicate deliveries; the verdict checks that no
// due time made two jobs, that every fire has its job or a recorded reason, and that none is left half done.
import { query } from "./d1.ts";

export async function createMinuteSchedule(url: string, token: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/schedules`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      name: "Every minute",
      cron: "* * * * *",
      timezone: "Europe/Berlin",
      type: "bulk_classification",
      payload: {},
      overlap: "allow",
    }),
  });
  if (response.status !== 201) throw new Error(`creating the soak's schedule: ${response.status}`);
  return ((await response.json()) as { schedule: { id: string } }).schedule.id;
}

/** The verdict's schedule rows. */
export function scheduleVerdict(persistTo: string, scheduleId: string): [string, number, string][] {
  const one = (sql: string) => query<{ n: number }>(persistTo, sql)[0]?.n ?? 0;
  const id = scheduleId.replace(/[^0-9A-Z]/g, "");
  const fires = one(`SELECT count(*) AS n FROM schedule_runs WHERE schedule_id = '${id}'`);
  const created = one(`SELECT count(*) AS n FROM schedule_runs WHERE schedule_id = '${id}' AND outcome = 'created'`);
  const jobs = one(`SELECT count(*) AS n FROM jobs WHERE schedule_id = '${id}'`);
  const doubled = one(
    `SELECT count(*) AS n FROM (SELECT idempotency_key FROM jobs WHERE schedule_id = '${id}' GROUP BY idempotency_key HAVING count(*) > 1)`,
  );
  const halfDone = one(`SELECT count(*) AS n FROM schedule_runs WHERE schedule_id = '${id}' AND outcome = 'claimed'`);
  const zero = (n: number) => (n === 0 ? "ok" : "FAIL");
  return [
    ["schedule fires (every minute)", fires, ""],
    ["schedule due times with two jobs", doubled, zero(doubled)],
    ["schedule fires and their jobs disagreeing", Math.abs(created - jobs), zero(Math.abs(created - jobs))],
    ["schedule fires left half done", halfDone, zero(halfDone)],
  ];
}
