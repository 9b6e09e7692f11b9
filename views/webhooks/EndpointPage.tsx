// /admin/webhooks/:id: the endpoint's facts and buttons, its recent deliveries and the callbacks its secret signed.
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { CallbacksTable } from "./CallbacksTable.tsx";
import { DeliveriesTable } from "./DeliveriesTable.tsx";
import { EndpointActions } from "./EndpointActions.tsx";
import { EndpointFacts } from "./EndpointFacts.tsx";
import type { Callback, Delivery, Endpoint } from "./types.ts";

export interface EndpointPageProps {
  viewer: Viewer;
  endpoint: Endpoint;
  deliveries: Delivery[];
  callbacks: Callback[];
}

export function EndpointPage({ viewer, endpoint, deliveries, callbacks }: EndpointPageProps) {
  return (
    <Layout title={`Webhook endpoint ${endpoint.name}`} viewer={viewer} active="webhooks">
      <p class="back">
        <a href="/admin/webhooks">← All endpoints</a>
      </p>
      <section class="panel" data-endpoint-id={endpoint.id}>
        <h2>Endpoint</h2>
        <EndpointFacts endpoint={endpoint} />
        <EndpointActions endpoint={endpoint} />
      </section>
      <section class="table-section">
        <h2>Recent deliveries</h2>
        <DeliveriesTable deliveries={deliveries} />
      </section>
      <section class="table-section">
        <h2>Callbacks sent</h2>
        <CallbacksTable callbacks={callbacks} />
      </section>
    </Layout>
  );
}
