// DutyLeak pages' own script, served from our origin (the CSP allows no inline code): shows times in the viewer's
// locale, submits filter selects on change, keeps the live-connection indicator current, polls while the socket is
// down, tells the page to refetch when a socket event shows something an out-of-band row swap cannot cover (a new job
// on the first page, a gap in the event sequence, any change of the job a detail page shows), and keeps keyboard
// focus in a job row across swaps.
(() => {
  const POLL_MS = 3000;
  const body = document.body;
  const fire = (name) => body.dispatchEvent(new CustomEvent(name, { bubbles: true }));

  // ---- Times: the server writes exact UTC; the title keeps it on hover, the text becomes local time.
  const clock = { hour: "2-digit", minute: "2-digit", second: "2-digit" };
  const thisYear = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", ...clock });
  const otherYear = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", ...clock });

  function localiseTime(el) {
    if (el.dataset.local === "true") return;
    const date = new Date(el.getAttribute("datetime"));
    if (Number.isNaN(date.getTime())) return;
    const formatter = date.getFullYear() === new Date().getFullYear() ? thisYear : otherYear;
    // In tables the date and the time go on two lines (white-space: pre there; elsewhere the break is a space).
    const parts = formatter.formatToParts(date);
    const split = parts.findIndex((part) => part.type === "hour" || part.type === "dayPeriod");
    const text = (list) =>
      list
        .map((part) => part.value)
        .join("")
        .replace(/[,\s]+$/, "");
    el.textContent = split > 0 ? `${text(parts.slice(0, split))}\n${text(parts.slice(split))}` : formatter.format(date);
    el.dataset.local = "true";
  }

  function localiseWithin(node) {
    if (!(node instanceof Element)) return;
    if (node.matches("time[datetime]")) localiseTime(node);
    for (const el of node.querySelectorAll("time[datetime]")) localiseTime(el);
  }

  localiseWithin(body);
  // Rows arrive by htmx swaps (fragments, out-of-band socket rows); observing the DOM covers every path at once,
  // and mutation callbacks run before the next paint, so UTC text never flashes. Morphs keep a <time> element and
  // rewrite it in place (new datetime, data-local dropped, UTC text back), hence the attribute watch.
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === "attributes") localiseWithin(mutation.target);
      else for (const node of mutation.addedNodes) localiseWithin(node);
    }
  }).observe(body, { childList: true, subtree: true, attributes: true, attributeFilter: ["datetime", "data-local"] });

  // ---- Filter and workspace selects submit their form on change (each form also has a button for no-script use).
  document.addEventListener("change", (event) => {
    const target = event.target;
    if (target instanceof HTMLSelectElement && target.dataset.autosubmit === "true") target.form?.requestSubmit();
  });

  // ---- A job row never goes back in time: an out-of-band row older than the one shown (an action's answer that
  // arrives after the live update it caused) is dropped, and an older row inside a refetched list or detail gives way
  // to the one shown (the refetch started before the last live event). Rows carry their job's updated_at.
  const isOlder = (incoming, current) =>
    Boolean(
      incoming?.dataset?.updated && current?.dataset?.updated && incoming.dataset.updated < current.dataset.updated,
    );
  document.addEventListener("htmx:before:swap", (event) => {
    const tasks = event.detail?.tasks;
    if (!Array.isArray(tasks)) return;
    for (let i = tasks.length - 1; i >= 0; i--) {
      const task = tasks[i];
      if (task.type === "oob" && isOlder(task.fragment?.firstElementChild, task.target)) tasks.splice(i, 1);
      if (task.type !== "main" || !task.fragment?.querySelectorAll) continue;
      for (const incoming of task.fragment.querySelectorAll("tr[id^='job-'][data-updated]")) {
        const current = document.getElementById(incoming.id);
        // A copy of the shown row morphs into itself: nothing changes, focus included.
        if (isOlder(incoming, current)) incoming.replaceWith(current.cloneNode(true));
      }
    }
  });

  // ---- Keyboard focus stays in its job row. Rows and refetches are morphed, so a control that is still there keeps
  // focus by itself; a swap that removes the focused control (Pause once the job is pausing, Retry once it is
  // pending) would drop focus to <body>, so it moves to the same action in the new row if there is one, else to the
  // row's first focusable control. htmx dispatches both events on the document when their source left the page.
  const FOCUSABLE = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex='0']";
  const focusBeforeSwap = new WeakMap();
  document.addEventListener("htmx:before:swap", (event) => {
    const focused = document.activeElement;
    const row = focused?.closest?.("tr[id^='job-']");
    const ctx = event.detail?.ctx;
    if (row && ctx) focusBeforeSwap.set(ctx, { row: row.id, action: focused.dataset.action });
  });
  document.addEventListener("htmx:after:swap", (event) => {
    const before = event.detail?.ctx && focusBeforeSwap.get(event.detail.ctx);
    if (!before || (document.activeElement && document.activeElement !== body)) return;
    const row = document.getElementById(before.row);
    const same = before.action ? row?.querySelector(`[data-action="${before.action}"]`) : null;
    (same ?? row?.querySelector(FOCUSABLE))?.focus({ preventScroll: true });
  });

  // ---- Live updates (owner/admin pages only: the element with hx-ws:connect is the indicator).
  const live = document.getElementById("live");
  if (!live) return;
  const liveText = live.querySelector(".live-text");
  /** The job a detail page shows: its Summary, Result and History are refetched on each of its events. */
  const detailJobId = document.getElementById("job-detail")?.dataset.jobId;
  let pollTimer = null;
  let lastSeq = null;
  /** Last known "status|control" per job id, to notice status changes whatever swapped the row since. */
  const known = new Map();
  /** Latest updated_at per job id seen on the socket, to notice a refetch that answered with older rows. */
  const latest = new Map();
  for (const row of document.querySelectorAll("tr[id^='job-'][data-status]")) {
    known.set(row.id.slice(4), `${row.dataset.status}|${row.dataset.control ?? ""}`);
  }

  function setState(state, text) {
    live.dataset.state = state;
    if (liveText) liveText.textContent = text;
  }

  function startPolling() {
    if (pollTimer !== null) return;
    pollTimer = setInterval(() => {
      if (!document.hidden) fire("dl:refresh");
    }, POLL_MS);
  }

  function stopPolling() {
    clearInterval(pollTimer);
    pollTimer = null;
  }

  /** Whether a job without a row here belongs on this page: the first page of a list whose filter it matches. */
  function belongsOnThisPage(job) {
    const list = document.getElementById("jobs-live");
    if (list?.dataset.firstPage !== "true") return false;
    if (list.dataset.filterStatus && list.dataset.filterStatus !== job.status) return false;
    if (list.dataset.filterType && list.dataset.filterType !== job.type) return false;
    const rows = list.querySelectorAll("tr[id^='job-']");
    const last = rows[rows.length - 1];
    // Ids are ULIDs, so string order is creation order: only jobs newer than the last row shown move in.
    return rows.length < Number(list.dataset.pageSize) || !last || job.id > last.id.slice(4);
  }

  document.addEventListener("htmx:ws:after:connection", () => {
    // The list refetches itself on this event (hx-trigger), which also covers anything missed while away.
    lastSeq = null;
    stopPolling();
    setState("live", "Live");
  });

  const disconnected = () => {
    setState("offline", `Reconnecting… (refreshing every ${POLL_MS / 1000} s)`);
    startPolling();
  };
  document.addEventListener("htmx:ws:close", disconnected);
  document.addEventListener("htmx:ws:error", disconnected);

  document.addEventListener("htmx:ws:before:message:incoming", (event) => {
    let message;
    try {
      message = JSON.parse(event.detail.message.data);
    } catch {
      return;
    }
    if (message.type === "hello") {
      lastSeq = message.seq;
      return;
    }
    if (message.type !== "job") return;
    // A gap means events were missed (e.g. the hub restarted between them): the list is refetched.
    if (lastSeq !== null && message.seq > lastSeq + 1) fire("dl:refresh");
    lastSeq = Math.max(lastSeq ?? 0, message.seq);

    const job = message.job;
    if (!latest.has(job.id) || latest.get(job.id) < job.updated_at) latest.set(job.id, job.updated_at);
    const state = `${job.status}|${job.control ?? ""}`;
    const before = known.get(job.id);
    known.set(job.id, state);
    if (before !== state) fire("dl:counts");
    const rendered = typeof message.content === "string";
    if (document.getElementById(`job-${job.id}`)) {
      // The row itself is morphed out-of-band by htmx; the detail page also refetches the rest (throttled there).
      if (job.id === detailJobId) fire("dl:job-live");
      // Rows are rendered only while the hub knows of browser sockets; a page that just connected can get an event
      // without one, and refetches instead (throttled).
      else if (!rendered) fire("dl:refresh");
    } else if (belongsOnThisPage(job) && !rendered) {
      fire("dl:refresh");
    } else if (belongsOnThisPage(job)) {
      // Show the new job at once: the event's own row goes in at the top (hx-ws waits for it, so the event's
      // out-of-band swap then lands on it); the refetch that follows restores the page size, pager and counts.
      const rows = document.querySelector("#jobs-live #job-rows");
      if (rows) {
        rows.querySelector("tr.empty-row")?.remove();
        const text = message.content.replace(/ hx-swap-oob="[^"]*"/, "");
        event.detail.waitUntil(htmx.swap({ sourceElement: rows, target: rows, swap: "afterbegin", text }));
      }
      fire("dl:refresh");
    }
  });

  // A list or detail refetch races with live updates: if it brought a row older than one the socket already showed,
  // fetch again (the database is never behind the socket, so this settles at once).
  document.addEventListener("htmx:after:swap", (event) => {
    const target = event.detail?.ctx?.target;
    if (!(target instanceof Element) || (target.id !== "jobs-live" && target.id !== "job-detail")) return;
    for (const row of target.querySelectorAll("tr[id^='job-'][data-updated]")) {
      const seen = latest.get(row.id.slice(4));
      if (seen && row.dataset.updated < seen) {
        fire("dl:refresh");
        return;
      }
    }
  });
})();
