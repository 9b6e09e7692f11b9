// The confirmation step for Rotate secret and Delete: a page that says what will happen, then posts again with
// `confirmed=yes` (no scripts needed, nothing inline).
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { type Endpoint, endpointPath } from "./types.ts";

export interface ConfirmEndpointPageProps {
  viewer: Viewer;
  endpoint: Endpoint;
  action: "rotate" | "delete";
  /** How long a rotated-out secret keeps verifying. */
  graceHours: number;
}

function Consequences({ endpoint, action, graceHours }: Omit<ConfirmEndpointPageProps, "viewer">) {
  if (action === "delete") {
    return (
      <p>
        Requests to its URL will be refused and its delivery log is deleted. Jobs it started stay, but callbacks still
        waiting to be sent will fail, because nothing can sign them any more.
      </p>
    );
  }
  return (
    <>
      <p>
        A new secret is shown once on the next page. The current secret keeps verifying requests, and callbacks carry
        both signatures, for {graceHours} hours, so senders and receivers can switch over.
      </p>
      {endpoint.previous_secret_expires_at ? (
        <p class="error-text">The previous secret, still in its grace period, stops working at once.</p>
      ) : null}
    </>
  );
}

export function ConfirmEndpointPage({ viewer, endpoint, action, graceHours }: ConfirmEndpointPageProps) {
  const question =
    action === "rotate" ? `Rotate the signing secret of ${endpoint.name}?` : `Delete the endpoint ${endpoint.name}?`;
  return (
    <Layout
      title={action === "rotate" ? "Rotate this secret?" : "Delete this endpoint?"}
      viewer={viewer}
      active="webhooks"
    >
      <section class="panel confirm" data-confirm={action}>
        <p>
          <strong>{question}</strong>
        </p>
        <Consequences endpoint={endpoint} action={action} graceHours={graceHours} />
        <div class="confirm-actions">
          <form method="post" action={`${endpointPath(endpoint)}/${action}`}>
            <input type="hidden" name="confirmed" value="yes" />
            <button type="submit" class={`btn btn-${action}`}>
              {action === "rotate" ? "Rotate secret" : "Delete endpoint"}
            </button>
          </form>
          <a class="btn btn-quiet" href={endpointPath(endpoint)}>
            Keep it
          </a>
        </div>
      </section>
    </Layout>
  );
}
