// The current workspace, and for people in several workspaces a form that switches to another one (a new session).
import type { MembershipChoice, Principal } from "../../worker/api/principal.ts";
import { roleLabel } from "../format.ts";

export function WorkspaceSwitcher({
  principal,
  memberships,
}: {
  principal: Principal;
  memberships: MembershipChoice[];
}) {
  if (memberships.length < 2) {
    return (
      <div class="workspace">
        <span class="workspace-label">Workspace</span>
        <span class="workspace-name">{principal.workspace.name}</span>
      </div>
    );
  }
  return (
    <form class="workspace switcher" method="post" action="/workspace">
      <label class="workspace-label" for="workspace-select">
        Workspace
      </label>
      <select id="workspace-select" name="workspace" data-autosubmit="true">
        {memberships.map((m) => (
          <option value={m.workspace.slug} selected={m.workspace.id === principal.workspace.id}>
            {`${m.workspace.name} (${roleLabel(m.role)})`}
          </option>
        ))}
      </select>
      <button type="submit" class="btn btn-small">
        Switch
      </button>
    </form>
  );
}
