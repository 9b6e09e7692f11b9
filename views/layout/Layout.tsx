// The signed-in page frame: sidebar plus main column with the page title, an optional live-connection indicator and
// the flash area. Anonymous pages (login, errors before login) use Document alone.
import type { Child } from "hono/jsx";
import type { MembershipChoice, Principal } from "../../worker/api/principal.ts";
import { FlashArea } from "../components/Flash.tsx";
import { Document } from "./Document.tsx";
import { LiveStatus } from "./LiveStatus.tsx";
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
  children: Child;
}

export function Layout({ title, viewer, active, live, heading, children }: LayoutProps) {
  return (
    <Document title={title} bodyClass="app">
      <Sidebar principal={viewer.principal} memberships={viewer.memberships} active={active} />
      <main class="main" id="main">
        <header class="page-header">
          <h1>{heading ?? title}</h1>
          {live ? <LiveStatus /> : null}
        </header>
        <FlashArea />
        {children}
      </main>
    </Document>
  );
}
