// The lanes strip above the jobs table (DESIGN.md "Lanes"): per job type, its running jobs against the workspace's
// running limit, how many wait, how long the oldest has waited, and whether it is paused (by whom), with Pause and
// Resume for owners and admins and the limit for owners. It refetches itself when a job moves (`dl:lanes`, fired by
// /static/app.js on live events, throttled) and on reconnect, and morphs in so focus stays on a button.
import { typeLabel } from "../../worker/api/job-types.ts";
import type { Lane, LanesResponse } from "../../worker/api/lanes.ts";
import { MAX_MAX_RUNNING, MIN_MAX_RUNNING } from "../../worker/api/lanes.ts";
import type { Role } from "../../worker/api/schema.ts";
import { durationText } from "../../worker/api/time-text.ts";
import { formatCount } from "../format.ts";
import { canManage } from "./JobActions.tsx";

function LaneItem({ lane, role }: { lane: Lane; role: Role }) {
  return (
    <li class={`lane${lane.paused ? " lane-paused" : ""}`} data-type={lane.type}>
      <span class="lane-name" title={lane.type}>
        {typeLabel(lane.type)}
      </span>
      <span class="lane-running">
        {lane.running}/{lane.limit} running
      </span>
      <span class="lane-queued">{formatCount(lane.queued)} queued</span>
      {lane.oldest_wait_ms === null ? null : (
        <span class="lane-wait">oldest waits {durationText(lane.oldest_wait_ms)}</span>
      )}
      {lane.paused ? <span class="lane-paused-by">Paused by {lane.paused_by}</span> : null}
      {canManage(role) ? (
        <form method="post" action={`/admin/lanes/${lane.type}/${lane.paused ? "resume" : "pause"}`}>
          <button
            type="submit"
            id={`lane-${lane.type}-toggle`}
            class={`btn btn-small ${lane.paused ? "btn-resume" : "btn-quiet"}`}
            aria-label={`${lane.paused ? "Resume" : "Pause"} ${typeLabel(lane.type)}`}
          >
            {lane.paused ? "Resume" : "Pause"}
          </button>
        </form>
      ) : null}
    </li>
  );
}

function IdleLanes({ idle, role }: { idle: Lane[]; role: Role }) {
  const names = idle.map((lane) => typeLabel(lane.type)).join(", ");
  if (!canManage(role)) return <p class="lanes-idle">Idle: {names}</p>;
  return (
    <form class="lanes-idle" method="post" action="/admin/lanes/pause">
      <span>Idle: {names}</span>
      <label class="visually-hidden" for="idle-lane-type">
        Job type to pause
      </label>
      <select id="idle-lane-type" name="type">
        {idle.map((lane) => (
          <option value={lane.type}>{typeLabel(lane.type)}</option>
        ))}
      </select>
      <button type="submit" id="idle-lane-pause" class="btn btn-small btn-quiet">
        Pause
      </button>
    </form>
  );
}

const isIdle = (lane: Lane) => lane.running === 0 && lane.queued === 0 && !lane.paused;

export function LanesStrip({ lanes, role }: { lanes: LanesResponse; role: Role }) {
  const busy = lanes.lanes.filter((lane) => !isIdle(lane));
  const idle = lanes.lanes.filter(isIdle);
  return (
    <section
      id="lanes"
      class="lanes"
      aria-labelledby="lanes-title"
      hx-get="/admin/lanes/strip"
      hx-trigger="dl:lanes from:body throttle:2s, htmx:ws:after:connection from:body"
      hx-swap="outerMorph"
    >
      <h2 id="lanes-title" class="lanes-title">
        Lanes{" "}
        <span class="lanes-slots">
          {lanes.in_use} of {lanes.max_running} slots in use
        </span>
      </h2>
      <ul class="lane-list">
        {busy.map((lane) => (
          <LaneItem lane={lane} role={role} />
        ))}
      </ul>
      {/* Types with nothing running, waiting or paused share one line; a manager pauses one of them from here. */}
      {idle.length > 0 ? <IdleLanes idle={idle} role={role} /> : null}
      {role === "owner" ? (
        <form method="post" action="/admin/lanes/limit" class="lane-limit">
          <label for="max-running">Running limit</label>
          <input
            id="max-running"
            name="max_running"
            type="number"
            inputmode="numeric"
            min={MIN_MAX_RUNNING}
            max={MAX_MAX_RUNNING}
            value={String(lanes.max_running)}
            required
          />
          <button type="submit" class="btn btn-small">
            Set limit
          </button>
        </form>
      ) : null}
    </section>
  );
}
