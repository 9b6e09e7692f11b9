// The workspace's inbound endpoints: name (to the detail page), URL to copy, status, and the delivery log's counts.
// Secrets never appear here: they are shown once, on the page that follows create or rotate.
import { LocalTime } from "../components/LocalTime.tsx";
import { formatCount } from "../format.ts";
import { CopyField } from "./CopyField.tsx";
import { EndpointStatus } from "./EndpointStatus.tsx";
import { type DeliveryCounts, type Endpoint, endpointPath } from "./types.ts";

export const ENDPOINT_COLUMNS = ["Name", "URL", "Status", "Deliveries (14 days)", "Created At"] as const;

function Counts({ counts }: { counts: DeliveryCounts | undefined }) {
  if (!counts) return <span class="muted">None yet</span>;
  return (
    <span class="delivery-counts">
      <span>{`${formatCount(counts.accepted)} accepted`}</span>
      <span>{`${formatCount(counts.replayed)} replayed`}</span>
      <span class={counts.rejected > 0 ? "error-text" : undefined}>{`${formatCount(counts.rejected)} rejected`}</span>
    </span>
  );
}

export function EndpointsTable({ endpoints, counts }: { endpoints: Endpoint[]; counts: Map<string, DeliveryCounts> }) {
  return (
    <div class="table-wrap">
      <table class="webhooks-table">
        <thead>
          <tr>
            {ENDPOINT_COLUMNS.map((name) => (
              <th scope="col">{name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {endpoints.length === 0 ? (
            <tr class="empty-row">
              <td colspan={ENDPOINT_COLUMNS.length}>No webhook endpoints yet. Create one above.</td>
            </tr>
          ) : (
            endpoints.map((endpoint) => (
              <tr id={`endpoint-${endpoint.id}`} data-disabled={endpoint.disabled ? "true" : "false"}>
                <td data-label="Name">
                  <a href={endpointPath(endpoint)}>{endpoint.name}</a>
                </td>
                <td data-label="URL">
                  <CopyField value={endpoint.url} label="Endpoint URL" />
                </td>
                <td data-label="Status" class="col-status">
                  <EndpointStatus endpoint={endpoint} />
                </td>
                <td data-label="Deliveries">
                  <Counts counts={counts.get(endpoint.id)} />
                </td>
                <td data-label="Created At" class="col-time">
                  <LocalTime iso={endpoint.created_at} />
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
