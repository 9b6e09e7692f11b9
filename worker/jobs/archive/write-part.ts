// Archives one part: reads its claimed jobs with their events, rejected rows and findings into an NDJSON gzip, puts it
// in R2, and only then runs the batch that deletes the jobs (worker/db/archive.ts). A crash anywhere before that
// batch leaves the part `writing`: redoing it rewrites the same object from the same claims, so a job is never lost
// and never in the archive twice. Jobs that changed after they were read stay in D1 and their lines leave the object.
// Open pages and TUIs hear of the deleted jobs from the workspace hub (a `removed` event).
import {
  deleteArchived,
  dropPart,
  finishRewrite,
  keptJobIds,
  type PartTallies,
  readClaimedEvents,
  readClaimedFindings,
  readClaimedJobs,
  readClaimedRejected,
} from "../../db/archive.ts";
import type { Db } from "../../db/client.ts";
import type { ArchivePartRow, DutyFindingRow, JobRejectedRow, JobRow } from "../../db/schema.ts";
import { announceRemoved } from "../../live/removed.ts";
import { GzipNdjsonWriter, readGzipNdjson } from "./ndjson-gzip.ts";
import { eventRecord, findingRecord, jobRecord, rejectedRowRecord } from "./records.ts";

/** Rows read per statement for a part's rejected rows and findings (an import may have thousands). */
const PAGE = 1_000;

export type PartOutcome = { archived: number; state: "written" | "rewrite" | "dropped" };

export async function writePart(env: Env, db: Db, part: ArchivePartRow, now: number): Promise<PartOutcome> {
  const jobs = await readClaimedJobs(db, part.id);
  if (jobs.length === 0) {
    await dropPart(db, part.id);
    return { archived: 0, state: "dropped" };
  }
  const ids = new Set(jobs.map((job) => job.id));
  const out = new GzipNdjsonWriter();
  const tallies: PartTallies = { jobs: jobs.length, events: 0, rejectedRows: 0, findings: 0, bytes: 0 };
  const events = new Map<string, Awaited<ReturnType<typeof readClaimedEvents>>>();
  for (const event of await readClaimedEvents(db, part.id)) {
    if (!ids.has(event.jobId)) continue;
    const list = events.get(event.jobId);
    if (list) list.push(event);
    else events.set(event.jobId, [event]);
  }
  for (const job of jobs) {
    await out.write(jobRecord(job, now));
    for (const event of events.get(job.id) ?? []) {
      await out.write(eventRecord(event));
      tallies.events++;
    }
  }
  for await (const row of allPages<JobRejectedRow>((last) => readClaimedRejected(db, part.id, last, PAGE))) {
    if (!ids.has(row.jobId)) continue;
    await out.write(rejectedRowRecord(row));
    tallies.rejectedRows++;
  }
  for await (const finding of allPages<DutyFindingRow>((last) => readClaimedFindings(db, part.id, last, PAGE))) {
    if (!ids.has(finding.jobId)) continue;
    await out.write(findingRecord(finding));
    tallies.findings++;
  }
  const body = await out.finish();
  tallies.bytes = body.byteLength;
  await putPart(env, part, body, jobs.length);
  const { deleted, state } = await deleteArchived(db, part.id, tallies, now);
  const gone = new Set(deleted);
  await deleteJobFiles(
    env,
    jobs.filter((job) => gone.has(job.id)),
  );
  await announceRemoved(env.HUB, part.workspaceId, deleted, part.day);
  if (state === "rewrite") {
    await rewritePart(env, db, part, now);
    return { archived: deleted.length, state: "rewrite" };
  }
  return { archived: deleted.length, state: "written" };
}

/**
 * Takes the lines of jobs that stayed in D1 out of a part's object (they changed between being read and the delete:
 * a retry, say), then marks the part written. Idempotent: it filters whatever the object holds.
 */
export async function rewritePart(env: Env, db: Db, part: ArchivePartRow, now: number): Promise<void> {
  const kept = new Set(await keptJobIds(db, part.id));
  const object = await env.FILES.get(part.key);
  const records = object ? await readGzipNdjson(await object.arrayBuffer()) : [];
  const out = new GzipNdjsonWriter();
  const tallies: PartTallies = { jobs: 0, events: 0, rejectedRows: 0, findings: 0, bytes: 0 };
  const counted = { job: "jobs", event: "events", rejected_row: "rejectedRows", finding: "findings" } as const;
  for (const record of records) {
    const jobId = String(record.record === "job" ? record.id : record.job_id);
    if (kept.has(jobId)) continue;
    await out.write(record);
    const key = counted[record.record as keyof typeof counted];
    if (key) tallies[key]++;
  }
  const body = await out.finish();
  tallies.bytes = body.byteLength;
  await putPart(env, part, body, tallies.jobs);
  await finishRewrite(db, part.id, tallies, now);
}

/** Every row of a keyset-paged read, page after page (each page read after the last row of the one before). */
async function* allPages<T>(read: (last: T | null) => Promise<T[]>): AsyncGenerator<T> {
  for (let page = await read(null); ; page = await read(page.at(-1) ?? null)) {
    yield* page;
    if (page.length < PAGE) return;
  }
}

/** The part's object: the same key every time, so a redone part replaces what an interrupted one wrote. */
async function putPart(env: Env, part: ArchivePartRow, body: Uint8Array, jobs: number): Promise<void> {
  await env.FILES.put(part.key, body, {
    httpMetadata: { contentType: "application/gzip" },
    customMetadata: { workspace: part.workspaceId, day: part.day, part: part.id, jobs: String(jobs) },
  });
}

/** A deleted job's own files: a large import's uploaded input and an export's output (when not already purged). */
async function deleteJobFiles(env: Env, jobs: JobRow[]): Promise<void> {
  const keys = jobs.flatMap((job) => {
    const result = job.result ? (JSON.parse(job.result) as { key?: unknown; purged_at?: unknown }) : {};
    const output =
      job.type === "data_export" && typeof result.key === "string" && !result.purged_at ? [result.key] : [];
    return [...(job.inputKey ? [job.inputKey] : []), ...output];
  });
  if (keys.length > 0) await env.FILES.delete(keys);
}
