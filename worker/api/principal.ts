// Who is asking: the user, the workspace and the role a token or session stands for, and the workspaces a user may
// switch to. Wire layer types, so the views and the TUI never import the data layer for them.
import type { Role } from "./schema.ts";

export interface Principal {
  user: { id: string; email: string; name: string };
  workspace: { id: string; slug: string; name: string };
  role: Role;
  tokenId: string | null;
}

export interface MembershipChoice {
  workspace: { id: string; slug: string; name: string };
  role: Role;
}
