// Whether a rule's condition holds now, with what an incident says of it: a summary and the jobs it concerns. Each
// kind is one or two bounded reads (the caps below); nothing here writes.
import type { AlertKind } from "../../api/alerts.ts";
import { INCIDENT_JOB_IDS } from "../../api/alerts.ts";
import { deadLettered, recentFailures, stalledSince, waitingSince } from "../../db/alerts.ts";
import type { Db } from "../../db/client.ts";
import { endedSince } from "../../db/metrics.ts";
import type { AlertRuleRow } from "../../db/schema.ts";

/** Jobs counted at most per evaluation: a summary says "100+" beyond it. */
export const COUNT_CAP = 100;
const MINUTE = 60_000;

export interface Condition {
  holds: boolean;
  summary: string;
  jobIds: string[];
  jobCount: number;
}

const counted = (n: number) => (n >= COUNT_CAP ? `${COUNT_CAP}+` : String(n));
const jobsOf = (type: string | null, n: number) => `${type ? `${type} ` : ""}${n === 1 ? "job" : "jobs"}`;
const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

export async function evaluateCondition(db: Db, rule: AlertRuleRow, now: number): Promise<Condition> {
  const evaluate: Record<AlertKind, () => Promise<Condition>> = {
    async dead_letter() {
      const minutes = rule.windowMinutes ?? 60;
      const m = await deadLettered(
        db,
        rule.workspaceId,
        rule.type,
        now - minutes * MINUTE,
        COUNT_CAP,
        INCIDENT_JOB_IDS,
      );
      return {
        holds: m.count > 0,
        summary: `${counted(m.count)} ${jobsOf(rule.type, m.count)} dead-lettered in the last ${minutes} min`,
        jobIds: m.jobIds,
        jobCount: m.count,
      };
    },
    async failure_rate() {
      const minutes = rule.windowMinutes ?? 15;
      const since = now - minutes * MINUTE;
      const { ended, failed } = await endedSince(db, rule.workspaceId, rule.type, since);
      const rate = ended === 0 ? 0 : failed / ended;
      const holds = ended >= (rule.minJobs ?? 10) && rate * 100 >= (rule.threshold ?? 100);
      const failures = holds ? await recentFailures(db, rule.workspaceId, rule.type, since, INCIDENT_JOB_IDS) : null;
      return {
        holds,
        summary: `${percent(rate)} of ${ended} ${jobsOf(rule.type, ended)} that ended in the last ${minutes} min failed (${failed})`,
        jobIds: failures?.jobIds ?? [],
        jobCount: failed,
      };
    },
    async wait_time() {
      const minutes = rule.threshold ?? 0;
      const m = await waitingSince(
        db,
        rule.workspaceId,
        rule.type,
        now - minutes * MINUTE,
        COUNT_CAP,
        INCIDENT_JOB_IDS,
      );
      return {
        holds: m.count > 0,
        summary: `${counted(m.count)} pending ${jobsOf(rule.type, m.count)} waiting over ${minutes} min`,
        jobIds: m.jobIds,
        jobCount: m.count,
      };
    },
    async stalled() {
      const minutes = rule.threshold ?? 0;
      const m = await stalledSince(
        db,
        rule.workspaceId,
        rule.type,
        now - minutes * MINUTE,
        COUNT_CAP,
        INCIDENT_JOB_IDS,
      );
      return {
        holds: m.count > 0,
        summary: `${counted(m.count)} running ${jobsOf(rule.type, m.count)} without progress for over ${minutes} min`,
        jobIds: m.jobIds,
        jobCount: m.count,
      };
    },
  };
  return evaluate[rule.kind]();
}
