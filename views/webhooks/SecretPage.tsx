// The one page that shows an endpoint's `whsec_` secret: after create and after a rotation. The server keeps only a
// sealed copy, so a notice says to copy it now; the route sends it with Cache-Control: no-store.
import { LocalTime } from "../components/LocalTime.tsx";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { CopyField } from "./CopyField.tsx";
import { SigningExample } from "./SigningExample.tsx";
import { type Endpoint, endpointPath } from "./types.ts";

export interface SecretPageProps {
  viewer: Viewer;
  endpoint: Endpoint;
  secret: string;
  /** This site's origin, for the example. */
  origin: string;
  /** After a rotation (rather than a creation). */
  rotated: boolean;
}

export function SecretPage({ viewer, endpoint, secret, origin, rotated }: SecretPageProps) {
  return (
    <Layout
      title={rotated ? `New secret for ${endpoint.name}` : `Endpoint ${endpoint.name} created`}
      viewer={viewer}
      active="webhooks"
    >
      <section class="panel panel-secret" data-secret-once="true">
        <h2>Signing secret</h2>
        <p class="secret-warning">
          <strong>Copy this secret now: it will not be shown again.</strong> DutyLeak keeps only a sealed copy that it
          cannot display. If it is lost, rotate the secret.
        </p>
        <p>
          <CopyField value={secret} label="Signing secret" />
        </p>
        {rotated && endpoint.previous_secret_expires_at ? (
          <p class="hint">
            The previous secret keeps verifying requests, and callbacks carry both signatures, until{" "}
            <LocalTime iso={endpoint.previous_secret_expires_at} />. Switch your senders and receivers over before then.
          </p>
        ) : null}
      </section>
      <section class="panel">
        <h2>Endpoint URL</h2>
        <p>
          <CopyField value={endpoint.url} label="Endpoint URL" />
        </p>
        <SigningExample origin={origin} endpointId={endpoint.id} secret={secret} />
      </section>
      <p class="confirm-actions">
        <a class="btn btn-primary" href={endpointPath(endpoint)}>
          I have copied the secret
        </a>
        <a href="/admin/webhooks">← All endpoints</a>
      </p>
    </Layout>
  );
}
