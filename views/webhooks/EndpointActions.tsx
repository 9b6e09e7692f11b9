// The buttons of one endpoint: Rotate secret and Delete (each asks on a confirmation page first, so they work without
// scripts and without inline code), and Disable or Enable.
import { type Endpoint, endpointPath } from "./types.ts";

function Action({ endpoint, action, label }: { endpoint: Endpoint; action: string; label: string }) {
  return (
    <form method="post" action={`${endpointPath(endpoint)}/${action}`}>
      <button type="submit" class={`btn btn-${action}`} data-action={action}>
        {label}
      </button>
    </form>
  );
}

export function EndpointActions({ endpoint }: { endpoint: Endpoint }) {
  return (
    <div class="actions endpoint-actions">
      <Action endpoint={endpoint} action="rotate" label="Rotate secret" />
      {endpoint.disabled ? (
        <Action endpoint={endpoint} action="enable" label="Enable" />
      ) : (
        <Action endpoint={endpoint} action="disable" label="Disable" />
      )}
      <Action endpoint={endpoint} action="delete" label="Delete" />
    </div>
  );
}
