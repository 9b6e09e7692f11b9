// The banner of every admin page while an incident is open: "2 alerts firing: <rule> — <summary>" (the newest),
// linking to Admin → Alerts. The page frame renders an empty slot that loads its text, again every 15 s and when
// /static/app.js fires `dl:alerts` (a job failed or was dead-lettered); the text morphs in, so the live region
// announces a change. Empty, the slot takes no room (the jobs table keeps its 18 rows at 1440×900).
import type { AlertJson } from "../../worker/api/alerts.ts";
import { formatCount } from "../format.ts";
import { ALERTS_PATH } from "./paths.ts";

export const BANNER_PATH = `${ALERTS_PATH}/banner`;

export function AlertBannerSlot() {
  return (
    <div
      id="alert-banner"
      class="alert-banner"
      role="status"
      aria-live="polite"
      hx-get={BANNER_PATH}
      hx-trigger="load, every 15s, dl:alerts from:body throttle:2s"
      hx-swap="innerMorph"
    />
  );
}

export interface AlertBannerTextProps {
  /** The firing incidents, newest first (a bounded read). */
  firing: AlertJson[];
  /** More are firing than were read. */
  more: boolean;
}

/** The slot's content; nothing at all when no incident is open. */
export function AlertBannerText({ firing, more }: AlertBannerTextProps) {
  const [newest] = firing;
  if (!newest) return null;
  const count = `${formatCount(firing.length)}${more ? "+" : ""}`;
  return (
    <a class="alert-banner-link" href={ALERTS_PATH}>
      <span class="alert-banner-mark" aria-hidden="true">
        !
      </span>
      <strong>{`${count} ${firing.length === 1 && !more ? "alert" : "alerts"} firing:`}</strong>{" "}
      <span>{`${newest.rule_name} — ${newest.summary}`}</span>
    </a>
  );
}
