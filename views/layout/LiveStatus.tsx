// The live-connection indicator, which is also the element that opens the socket (hx-ws:connect). Messages carry only
// out-of-band rows, so nothing is ever swapped into it; /static/app.js keeps its state and text current.
export function LiveStatus() {
  return (
    <div id="live" class="live-status" data-state="connecting" hx-ws:connect="/api/v1/live" role="status">
      <span class="live-dot" aria-hidden="true" />
      <span class="live-text">Connecting…</span>
    </div>
  );
}
