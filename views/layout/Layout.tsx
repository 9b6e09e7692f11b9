// The signed-in page frame: a skip link, sidebar plus main column with the page title, the header tools (live
// indicator, theme, shortcuts), the open-alerts banner (owners/admins) and the flash area, and the shortcuts dialog. Anonymous pages (login, errors before login) use Document alone.
import type { Child } from "hono/jsx";
import type { MembershipChoice, Principal } from "../../worker/api/principal.ts";
import { AlertBannerSlot } from "../alerts/AlertBanner.tsx";
import { FlashArea } from "../components/Flash.tsx";
import { canManage } from "../jobs/JobActions.tsx";
import { Document } from "./Document.tsx";
import { HeaderTools } from "./HeaderTools.tsx";
import { ShortcutsDialog } from "./ShortcutsDialog.tsx";
import { type NavKey, Sidebar } from "./Sidebar.tsx";

/** Who is looking at a page, and where else they could switch to. */
export interface Viewer {
  principal: Principal;
  memberships: MembershipChoice[];
}

export interface LayoutProps {
  title: string;
  viewer: Viewer;
  active?: NavKey;
  /** Connect to the workspace's live stream (owner/admin pages only). */
  live?: boolean;
  /** Replaces the plain title in the header (e.g. a title with a code id). */
  heading?: Child;
  /** Controls that belong in the header row beside the title (the jobs search): room a wide screen has to spare. */
  tools?: Child;
  children: Child;
}

export function Layout({ title, viewer, active, live, heading, tools, children }: LayoutProps) {
  return (
    <Document title={title} bodyClass="app">
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar principal={viewer.principal} memberships={viewer.memberships} active={active} />
      <main class="main" id="main" tabindex={-1}>
        <header class="page-header">
          <h1>{heading ?? title}</h1>
          {tools}
          <HeaderTools live={live} />
        </header>
        {canManage(viewer.principal.role) ? <AlertBannerSlot /> : null}
        <FlashArea />
        {children}
      </main>
      <ShortcutsDialog />
    </Document>
  );
}
