// DutyLeak pages' own script, served from our origin (the CSP allows no inline code): shows times in the viewer's
// locale (and keeps "3 min ago" current), submits filter selects on change, keeps the live-connection indicator
// current (dimming the list while offline), polls while the socket is down, tells the page to refetch when a socket
// event shows something an out-of-band row swap cannot cover (a new job on the first page, a gap in the event
// sequence, any change of the job a detail page shows), tells the alerts banner to look again when a job fails,
// keeps keyboard focus in a job row across swaps, and runs the keyboard shortcuts, the copy-id buttons, the bulk
// selection and the New schedule form's "use this browser's zone".
(() => {
  const POLL_MS = 3000;
  const body = document.body;
  const fire = (name) => body.dispatchEvent(new CustomEvent(name, { bubbles: true }));

  // ---- Times: the server writes exact UTC (detail pages) or "3 min ago" (lists, `data-relative`). Exact times become
  // the viewer's local time; relative ones keep their words (relative-time.js, the server's wording) and are kept
  // current every 15 s, with the local time and zone (and what the row adds, e.g. "waited 2.1 s") on hover.
  const clock = { hour: "2-digit", minute: "2-digit", second: "2-digit" };
  const thisYear = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", ...clock });
  const otherYear = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", ...clock });
  const withZone = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "long" });
  const relativeText = globalThis.dutyleakRelativeText;

  function localiseTime(el) {
    const date = new Date(el.getAttribute("datetime"));
    if (Number.isNaN(date.getTime())) return;
    if (el.dataset.relative === "true") {
      // Only real changes are written: each write is a mutation this script observes.
      const words = relativeText ? relativeText(el.getAttribute("datetime"), Date.now()) : el.textContent;
      if (el.textContent !== words) el.textContent = words;
      const note = el.dataset.note;
      const title = note ? `${withZone.format(date)} · ${note}` : withZone.format(date);
      if (el.title !== title) el.title = title;
      return;
    }
    if (el.dataset.local === "true") return;
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
    // `data-utc` (a schedule's next runs) keeps the UTC instant on hover after the local time.
    el.title = el.dataset.utc ? `${withZone.format(date)} · ${el.dataset.utc}` : withZone.format(date);
    el.dataset.local = "true";
  }

  function localiseWithin(node) {
    if (!(node instanceof Element)) return;
    if (node.matches("time[datetime]")) localiseTime(node);
    for (const el of node.querySelectorAll("time[datetime]")) localiseTime(el);
  }

  localiseWithin(body);
  setInterval(() => {
    if (document.hidden) return;
    for (const el of document.querySelectorAll("time[data-relative='true']")) localiseTime(el);
  }, 15_000);
  // Rows arrive by htmx swaps (fragments, out-of-band socket rows); observing the DOM covers every path at once,
  // and mutation callbacks run before the next paint, so UTC text never flashes. Morphs keep a <time> element and
  // rewrite it in place (new datetime, data-local dropped, UTC text back), hence the attribute watch.
  new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === "attributes") localiseWithin(mutation.target);
      else if (mutation.target instanceof Element && mutation.target.matches("time[data-relative='true']")) {
        // A morph rewrote a relative time's text and title in place: put the local time back on hover.
        localiseTime(mutation.target);
      } else for (const node of mutation.addedNodes) localiseWithin(node);
    }
  }).observe(body, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["datetime", "data-local", "title"],
  });

  // ---- Filter and workspace selects submit their form on change (each form also has a button for no-script use).
  document.addEventListener("change", (event) => {
    const target = event.target;
    if (target instanceof HTMLSelectElement && target.dataset.autosubmit === "true") target.form?.requestSubmit();
  });

  // ---- Filter forms (GET) leave out their empty fields, so the URL they open says only the filter in force
  // (`?type=data_import`, not `?q=&created_from=&created_to=&type=data_import`). Without scripts the empty fields
  // go along and the server ignores them.
  document.addEventListener("formdata", (event) => {
    if (!(event.target instanceof HTMLFormElement) || event.target.dataset.dropEmpty !== "true") return;
    for (const [name, value] of [...event.formData.entries()]) if (value === "") event.formData.delete(name);
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
  // row itself. htmx dispatches both events on the document when their source left the page.
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
    // Else the row itself (focusable by script, as j/k use it): its first control may be hidden (a job's own page).
    (same ?? row)?.focus({ preventScroll: true });
  });

  // ---- Keyboard shortcuts (listed in the #shortcuts dialog): j/k move between job rows, Enter opens the row in focus,
  // x selects it, / focuses the search (the filter where a page has no search), ? shows the list. Never while typing in a field or with a modifier held.
  const typing = (el) =>
    el instanceof HTMLElement && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  const jobRows = () => [...document.querySelectorAll("#job-rows tr[id^='job-']")];
  function focusRow(row) {
    if (!row) return;
    row.focus();
    row.scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const dialog = document.getElementById("shortcuts");
    if (event.key === "Escape") {
      if (dismissBulkConfirm()) event.preventDefault();
      return;
    }
    if (typing(event.target) || dialog?.open) return;
    const current = document.activeElement?.closest?.("#job-rows tr[id^='job-']");
    const rows = jobRows();
    switch (event.key) {
      case "j":
      case "k": {
        if (rows.length === 0) return;
        const at = current ? rows.indexOf(current) : -1;
        const next = event.key === "j" ? Math.min(rows.length - 1, at + 1) : Math.max(0, at < 0 ? 0 : at - 1);
        focusRow(rows[next]);
        break;
      }
      case "Enter":
        // Only the row itself: on a link or a button inside it, Enter keeps its own meaning.
        if (!current || document.activeElement !== current) return;
        current.querySelector(".col-id a")?.click();
        break;
      case "x": {
        const box = current?.querySelector(".row-select");
        if (!box) return;
        box.click();
        break;
      }
      case "/": {
        const search = document.querySelector("[data-shortcut='search']");
        if (!search) return;
        search.focus();
        break;
      }
      case "?":
        if (!dialog) return;
        dialog.showModal();
        break;
      default:
        return;
    }
    event.preventDefault();
  });
  document.getElementById("shortcuts-open")?.addEventListener("click", () => {
    document.getElementById("shortcuts")?.showModal();
  });

  // ---- Copy a job id (the list shows its tail): the full id goes to the clipboard, the flash says so.
  function say(text) {
    const flash = document.getElementById("flash");
    if (!flash) return;
    const p = document.createElement("p");
    p.className = "flash flash-ok";
    p.textContent = text;
    flash.replaceChildren(p);
  }
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest(".copy-id[data-copy]") : null;
    if (!button) return;
    const id = button.dataset.copy;
    navigator.clipboard?.writeText(id).then(
      () => say(`Copied job id ${id}.`),
      () => say(`Job id: ${id} (copying was not allowed; select it from here).`),
    ) ?? say(`Job id: ${id}`);
  });
  // ---- "Use this browser's zone" (the New schedule form): fills its time-zone box. It needs this script, so the
  // markup ships it hidden and it shows only here, naming the zone it would fill in.
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const button of document.querySelectorAll("button[data-zone-for]")) {
    if (!browserZone) break;
    button.textContent = `Use this browser's zone (${browserZone})`;
    button.hidden = false;
  }
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest("button[data-zone-for]") : null;
    const input = button ? document.getElementById(button.dataset.zoneFor) : null;
    if (input instanceof HTMLInputElement && browserZone) input.value = browserZone;
  });

  // Messages do not stay forever (they float over the page): each goes 10 s after it arrived.
  const flashArea = document.getElementById("flash");
  if (flashArea) {
    let flashTimer = null;
    new MutationObserver(() => {
      clearTimeout(flashTimer);
      if (flashArea.childElementCount > 0) flashTimer = setTimeout(() => flashArea.replaceChildren(), 10_000);
    }).observe(flashArea, { childList: true });
  }

  // ---- Bulk selection: the ids chosen on this page, kept across live updates and refetches (morphs may reset a
  // checkbox), the bar's summary and buttons, "select all matching this filter", and the confirmation's focus.
  const selected = new Set();
  let allMatching = false;
  function syncSelection() {
    const form = document.getElementById("bulk-form");
    if (!form) return;
    const rows = jobRows();
    const shown = new Set(rows.map((row) => row.id.slice(4)));
    for (const id of [...selected]) if (!shown.has(id)) selected.delete(id);
    for (const box of document.querySelectorAll("#job-rows .row-select")) {
      box.checked = allMatching || selected.has(box.value);
      box.closest("tr")?.classList.toggle("is-selected", box.checked);
    }
    const pageBox = document.getElementById("select-page");
    const count = allMatching ? Number(document.getElementById("bulk-matching")?.dataset.count ?? 0) : selected.size;
    if (pageBox) {
      pageBox.checked = rows.length > 0 && (allMatching || selected.size === rows.length);
      pageBox.indeterminate = !pageBox.checked && selected.size > 0;
    }
    form.dataset.selected = String(count);
    form.querySelector(".bulk-all").value = allMatching ? "1" : "";
    const summary = form.querySelector(".bulk-summary");
    const jobs = (n) => `${n.toLocaleString("en-US")} ${n === 1 ? "job" : "jobs"}`;
    const text =
      count === 0
        ? "No jobs selected"
        : allMatching
          ? `All ${jobs(count)} matching this filter selected`
          : `${jobs(count)} selected`;
    if (summary.textContent !== text) summary.textContent = text;
    for (const button of form.querySelectorAll(".bulk-action")) button.disabled = count === 0;
    form.querySelector(".bulk-clear").hidden = count === 0;
    const matching = Number(document.getElementById("bulk-matching")?.dataset.count ?? 0);
    form.querySelector(".bulk-select-all").hidden =
      allMatching || selected.size < rows.length || matching <= rows.length;
    const selectAll = form.querySelector(".bulk-select-all");
    const label = `Select all ${jobs(matching)} matching this filter`;
    if (selectAll.textContent !== label) selectAll.textContent = label;
  }
  document.addEventListener("change", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement)) return;
    if (box.classList.contains("row-select")) {
      allMatching = false;
      if (box.checked) selected.add(box.value);
      else selected.delete(box.value);
    } else if (box.id === "select-page") {
      allMatching = false;
      for (const row of jobRows()) {
        if (box.checked) selected.add(row.id.slice(4));
        else selected.delete(row.id.slice(4));
      }
    } else return;
    syncSelection();
  });
  function clearSelection() {
    selected.clear();
    allMatching = false;
    syncSelection();
  }
  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest(".bulk-select-all")) {
      allMatching = true;
      syncSelection();
    } else if (target?.closest(".bulk-clear")) {
      clearSelection();
    } else if (target?.closest(".bulk-dismiss") && dismissBulkConfirm()) {
      event.preventDefault();
    }
  });
  /** Closes an open bulk confirmation and gives focus back to the bar; false when none was open. */
  function dismissBulkConfirm() {
    const area = document.getElementById("bulk-confirm");
    if (!area || area.childElementCount === 0) return false;
    area.replaceChildren();
    document.querySelector("#bulk-form .bulk-action:not([disabled])")?.focus();
    return true;
  }
  document.addEventListener("htmx:after:swap", (event) => {
    // A confirmed bulk action answers with the refreshed list, marked done: the selection it acted on is spent.
    const done = document.querySelector("#bulk-confirm[data-bulk-done='true']");
    if (done) {
      done.removeAttribute("data-bulk-done");
      selected.clear();
      allMatching = false;
    }
    syncSelection();
    const target = event.detail?.ctx?.target;
    if (target instanceof Element && target.id === "bulk-confirm") {
      target.querySelector("#bulk-confirm-yes, .bulk-dismiss")?.focus();
    }
  });
  syncSelection();

  // ---- Live updates (owner/admin pages only: the element with hx-ws:connect is the indicator).
  const live = document.getElementById("live");
  if (!live) return;
  const liveText = live.querySelector(".live-text");
  /** The job a detail page shows: its Summary, Result and History are refetched on each of its events. */
  const detailJobId = document.getElementById("job-detail")?.dataset.jobId;
  let pollTimer = null;
  let lastSeq = null;
  // A failure or a dead letter may open an incident, but the job's event leaves before the server has evaluated the
  // rules: the banner and the open incidents (`dl:alerts`, throttled there) look a moment later, once per burst.
  const ALERTING_STATUSES = new Set(["failed", "dead_letter"]);
  const ALERT_SETTLE_MS = 1500;
  let alertsTimer = null;
  function alertsSoon() {
    if (alertsTimer !== null) return;
    alertsTimer = setTimeout(() => {
      alertsTimer = null;
      fire("dl:alerts");
    }, ALERT_SETTLE_MS);
  }
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

  // While the socket is down the rows may be behind: the page dims them and says since when (polling still runs).
  let offlineSince = null;
  const sinceFormat = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });

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

  /**
   * Whether a job without a row here may belong on this page: the first page of a list whose status/type filter it
   * matches. Under a search, time range or error group (data-narrowed) that is only a maybe: see the caller.
   */
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

  const narrowed = () => document.getElementById("jobs-live")?.dataset.narrowed === "true";
  /** "id|status" of jobs a narrowed list already refetched for. */
  const askedAbout = new Set();

  document.addEventListener("htmx:ws:after:connection", () => {
    // The list refetches itself on this event (hx-trigger), which also covers anything missed while away.
    lastSeq = null;
    askedAbout.clear();
    stopPolling();
    offlineSince = null;
    delete body.dataset.stale;
    setState("live", "Live");
  });

  const disconnected = () => {
    offlineSince ??= new Date();
    body.dataset.stale = "true";
    setState(
      "offline",
      `Offline since ${sinceFormat.format(offlineSince)}: rows may be out of date. Reconnecting… (refreshing every ${POLL_MS / 1000} s)`,
    );
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
    if (message.type !== "job" && message.type !== "removed") return;
    // A gap means events were missed (e.g. the hub restarted between them): the list is refetched.
    if (lastSeq !== null && message.seq > lastSeq + 1) fire("dl:refresh");
    lastSeq = Math.max(lastSeq ?? 0, message.seq);
    if (message.type === "removed") {
      jobsRemoved(message.job_ids, message.archive_date);
      return;
    }

    const job = message.job;
    if (!latest.has(job.id) || latest.get(job.id) < job.updated_at) latest.set(job.id, job.updated_at);
    const state = `${job.status}|${job.control ?? ""}`;
    const before = known.get(job.id);
    known.set(job.id, state);
    if (before !== state) {
      fire("dl:counts");
      if (ALERTING_STATUSES.has(job.status)) alertsSoon();
    }
    // The lanes strip refetches itself (throttled) whenever a job moves: running, queued and waits change with it.
    if (before !== state || job.waiting) fire("dl:lanes");
    const rendered = typeof message.content === "string";
    if (document.getElementById(`job-${job.id}`)) {
      // The row itself is morphed out-of-band by htmx; the detail page also refetches the rest (throttled there).
      if (job.id === detailJobId) fire("dl:job-live");
      // Rows are rendered only while the hub knows of browser sockets; a page that just connected can get an event
      // without one, and refetches instead (throttled).
      else if (!rendered) fire("dl:refresh");
    } else if (belongsOnThisPage(job) && narrowed()) {
      // Whether the job matches the search, time range or error group is the server's call: never put it at the
      // top here; refetch instead, once per job and status (its progress events cannot change the answer, a new
      // status can: a failure brings an error text and a signature).
      const asked = `${job.id}|${job.status}`;
      if (!askedAbout.has(asked)) {
        askedAbout.add(asked);
        fire("dl:refresh");
      }
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

  // ---- Jobs that left D1 (archived by retention, or discarded by someone): their rows go at once. A list refetch
  // fills the page up again; a refetch that raced the delete cannot bring a row back (the ids are remembered, the
  // newest REMOVED_MEMORY of them). A detail page of a removed job says where it went and stops refetching it.
  const REMOVED_MEMORY = 10_000;
  const removed = new Set();
  function jobsRemoved(ids, archiveDate) {
    let rowsGone = false;
    for (const id of ids) {
      removed.add(id);
      known.delete(id);
      latest.delete(id);
      const row = id === detailJobId ? null : document.getElementById(`job-${id}`);
      if (row) {
        row.remove();
        rowsGone = true;
      }
    }
    for (const id of removed) {
      if (removed.size <= REMOVED_MEMORY) break;
      removed.delete(id);
    }
    fire("dl:counts");
    fire("dl:lanes");
    if (detailJobId && ids.includes(detailJobId)) detailRemoved(archiveDate);
    else if (rowsGone) {
      syncSelection();
      fire("dl:refresh");
    }
  }
  function detailRemoved(archiveDate) {
    const detail = document.getElementById("job-detail");
    if (!detail || detail.dataset.removed === "true") return;
    detail.dataset.removed = "true";
    const notice = document.createElement("p");
    notice.className = "removed-notice";
    notice.setAttribute("role", "status");
    const link = document.createElement("a");
    link.id = "removed-notice-link";
    link.href = "/admin/archives";
    link.textContent = "Archives";
    notice.append(
      `This job was archived and removed from the live list. Its record is in the archive of ${archiveDate}: see `,
      link,
      ".",
    );
    detail.before(notice);
  }
  document.addEventListener("htmx:before:request", (event) => {
    if (
      event.target instanceof Element &&
      event.target.id === "job-detail" &&
      event.target.dataset.removed === "true"
    ) {
      event.preventDefault();
    }
  });

  // A list or detail refetch races with live updates: if it brought a row older than one the socket already showed,
  // fetch again (the database is never behind the socket, so this settles at once).
  document.addEventListener("htmx:after:swap", (event) => {
    const target = event.detail?.ctx?.target;
    if (!(target instanceof Element) || (target.id !== "jobs-live" && target.id !== "job-detail")) return;
    if (target.id === "jobs-live" && removed.size > 0) {
      for (const row of target.querySelectorAll("tr[id^='job-']")) if (removed.has(row.id.slice(4))) row.remove();
    }
    for (const row of target.querySelectorAll("tr[id^='job-'][data-updated]")) {
      const seen = latest.get(row.id.slice(4));
      if (seen && row.dataset.updated < seen) {
        fire("dl:refresh");
        return;
      }
    }
  });
})();
