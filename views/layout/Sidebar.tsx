// The sidebar of every signed-in page: DutyLeak sections (Products; Imports & Exports), the Admin section with Jobs,
// Errors, Metrics, Alerts, Schedules, Archives and Webhooks for owners/admins only, the workspace switcher, and who is signed
// in with a logout button.
import type { MembershipChoice, Principal } from "../../worker/api/principal.ts";
import { roleLabel } from "../format.ts";
import { canManage } from "../jobs/JobActions.tsx";
import { WorkspaceSwitcher } from "./WorkspaceSwitcher.tsx";

export type NavKey =
  | "products"
  | "imports"
  | "jobs"
  | "errors"
  | "metrics"
  | "alerts"
  | "schedules"
  | "archives"
  | "webhooks";

function NavLink({ href, active, children }: { href: string; active: boolean; children: string }) {
  return (
    <li>
      <a href={href} aria-current={active ? "page" : undefined}>
        {children}
      </a>
    </li>
  );
}

export function Sidebar({
  principal,
  memberships,
  active,
}: {
  principal: Principal;
  memberships: MembershipChoice[];
  active?: NavKey;
}) {
  return (
    <aside class="sidebar">
      <div class="sidebar-inner">
        <a class="brand" href="/">
          <span class="brand-mark" aria-hidden="true">
            DL
          </span>
          <span>DutyLeak</span>
        </a>
        <WorkspaceSwitcher principal={principal} memberships={memberships} />
        <nav class="nav" aria-label="Main">
          <p class="nav-heading">DutyLeak</p>
          <ul>
            <NavLink href="/products" active={active === "products"}>
              Products
            </NavLink>
            {principal.role === "viewer" ? null : (
              <NavLink href="/imports" active={active === "imports"}>
                Imports &amp; Exports
              </NavLink>
            )}
          </ul>
          {canManage(principal.role) ? (
            <>
              <p class="nav-heading">Admin</p>
              <ul>
                <NavLink href="/admin/jobs" active={active === "jobs"}>
                  Jobs
                </NavLink>
                <NavLink href="/admin/errors" active={active === "errors"}>
                  Errors
                </NavLink>
                <NavLink href="/admin/metrics" active={active === "metrics"}>
                  Metrics
                </NavLink>
                <NavLink href="/admin/alerts" active={active === "alerts"}>
                  Alerts
                </NavLink>
                <NavLink href="/admin/schedules" active={active === "schedules"}>
                  Schedules
                </NavLink>
                <NavLink href="/admin/archives" active={active === "archives"}>
                  Archives
                </NavLink>
                <NavLink href="/admin/webhooks" active={active === "webhooks"}>
                  Webhooks
                </NavLink>
              </ul>
            </>
          ) : null}
        </nav>
        <div class="sidebar-foot">
          <p class="who">
            <span class="who-email">{principal.user.email}</span>
            <span class="who-role">{roleLabel(principal.role)}</span>
          </p>
          <form method="post" action="/logout">
            <button type="submit" class="btn btn-small btn-quiet">
              Log out
            </button>
          </form>
        </div>
      </div>
    </aside>
  );
}
