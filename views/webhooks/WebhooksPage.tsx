// /admin/webhooks: what inbound endpoints are for, the form that creates one, and the list of the workspace's endpoints.
import { FlashMessage } from "../components/Flash.tsx";
import { Layout, type Viewer } from "../layout/Layout.tsx";
import { EndpointsTable } from "./EndpointsTable.tsx";
import type { DeliveryCounts, Endpoint } from "./types.ts";

export interface WebhooksPageProps {
  viewer: Viewer;
  endpoints: Endpoint[];
  counts: Map<string, DeliveryCounts>;
  /** What the last action did (e.g. a deletion), shown above the form. */
  notice?: string | null;
  /** Why the create form was refused, with the name typed so far. */
  error?: string | null;
  name?: string;
}

export function WebhooksPage({ viewer, endpoints, counts, notice, error, name }: WebhooksPageProps) {
  return (
    <Layout title="Webhooks" viewer={viewer} active="webhooks">
      {notice ? <FlashMessage tone="ok">{notice}</FlashMessage> : null}
      {error ? <FlashMessage tone="error">{error}</FlashMessage> : null}
      <p class="lead">
        An inbound endpoint lets an ERP or a store start product imports with requests signed the Standard Webhooks way.
        Its secret also signs the <code>job.finished</code> callbacks of the jobs it starts.
      </p>
      <section class="panel">
        <h2>New endpoint</h2>
        <form class="inline-form" method="post" action="/admin/webhooks">
          <label>
            <span>Name</span>
            <input type="text" name="name" required maxlength={100} placeholder="ERP" value={name ?? ""} />
          </label>
          <button type="submit" class="btn btn-primary">
            Create endpoint
          </button>
        </form>
        <p class="hint">Its signing secret is shown once, on the page that follows.</p>
      </section>
      <EndpointsTable endpoints={endpoints} counts={counts} />
    </Layout>
  );
}
