// A new archive part: its id, the day its jobs leave D1 and the R2 key of its object, recorded before any job is
// claimed, so a crash after the claim always leaves a part to finish.
import { isoDay } from "../../api/retention.ts";
import { openPart } from "../../db/archive.ts";
import type { Db } from "../../db/client.ts";
import { newId } from "../../db/ids.ts";
import type { ArchivePartRow } from "../../db/schema.ts";

export async function newPart(
  db: Db,
  workspaceId: string,
  reason: ArchivePartRow["reason"],
  actor: string,
  now: number,
): Promise<ArchivePartRow> {
  const id = newId();
  const day = isoDay(now);
  const part = {
    id,
    workspaceId,
    day,
    key: `archives/${workspaceId}/${day}/${id}.ndjson.gz`,
    reason,
    actor,
    createdAt: now,
  };
  await openPart(db, part);
  return {
    ...part,
    state: "writing",
    jobs: 0,
    events: 0,
    rejectedRows: 0,
    findings: 0,
    bytes: 0,
    writtenAt: null,
  };
}
