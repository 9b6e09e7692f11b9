// An endpoint's state as a text badge (Enabled/Disabled), plus the end of the previous secret's grace while rotating.
import { LocalTime } from "../components/LocalTime.tsx";
import type { Endpoint } from "./types.ts";

export function EndpointStatus({ endpoint }: { endpoint: Endpoint }) {
  return (
    <div class="endpoint-status">
      {endpoint.disabled ? (
        <span class="badge badge-disabled">Disabled</span>
      ) : (
        <span class="badge badge-enabled">Enabled</span>
      )}
      {endpoint.previous_secret_expires_at ? (
        <span class="control-note">
          Previous secret valid until <LocalTime iso={endpoint.previous_secret_expires_at} />
        </span>
      ) : null}
    </div>
  );
}
