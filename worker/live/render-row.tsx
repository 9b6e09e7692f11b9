// The out-of-band row pushed to browser sockets. Browser sockets are owner/admin only (GET /api/v1/live checks the
// role), so one rendering with a manager's buttons serves every browser connected to the workspace.

import { JobRow } from "../../views/jobs/JobRow.tsx";
import type { Job, Role } from "../api/schema.ts";

/** The workspace role the row is rendered for (a Role, not an ARIA role). */
const BROWSER_SOCKET_ROLE: Role = "admin";

export async function renderLiveRow(job: Job): Promise<string> {
  // hono/jsx renders to a string, or to a promise of one when a child is async: await covers both.
  return await (<JobRow job={job} role={BROWSER_SOCKET_ROLE} oob />).toString();
}
