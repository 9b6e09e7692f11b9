// The facts of one endpoint as a definition list: URL to copy, id, status, rotation grace and times.
import { LocalTime } from "../components/LocalTime.tsx";
import { CopyField } from "./CopyField.tsx";
import { EndpointStatus } from "./EndpointStatus.tsx";
import type { Endpoint } from "./types.ts";

export function EndpointFacts({ endpoint }: { endpoint: Endpoint }) {
  return (
    <dl class="facts">
      <div class="fact-wide">
        <dt>URL</dt>
        <dd>
          <CopyField value={endpoint.url} label="Endpoint URL" />
        </dd>
      </div>
      <div>
        <dt>Endpoint ID</dt>
        <dd class="col-id">
          <code>{endpoint.id}</code>
        </dd>
      </div>
      <div>
        <dt>Status</dt>
        <dd>
          <EndpointStatus endpoint={endpoint} />
        </dd>
      </div>
      <div>
        <dt>Created At</dt>
        <dd>
          <LocalTime iso={endpoint.created_at} />
        </dd>
      </div>
      <div>
        <dt>Updated At</dt>
        <dd>
          <LocalTime iso={endpoint.updated_at} />
        </dd>
      </div>
    </dl>
  );
}
