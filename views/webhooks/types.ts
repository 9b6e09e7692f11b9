// What the webhook views render: the API's JSON shapes (worker/routes/api-webhook-endpoints.ts), so the pages and the
// API show the same facts. On pages, `previous_secret_expires_at` is null once the rotation grace has passed.
import type { callbackJson, deliveryJson, endpointJson } from "../../worker/routes/api-webhook-endpoints.ts";

export type Endpoint = ReturnType<typeof endpointJson>;
export type Delivery = ReturnType<typeof deliveryJson>;
export type Callback = ReturnType<typeof callbackJson>;
export type DeliveryCounts = Record<Delivery["outcome"], number>;

export const endpointPath = (endpoint: { id: string }) => `/admin/webhooks/${endpoint.id}`;
