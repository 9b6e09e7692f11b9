// Turns the Imports & Exports forms into job payloads: the upload form (a CSV file or a source URL) for data_import,
// and the few options of the other types' start forms. The job type's own zod schema validates the result.

export type UploadPayload = { payload: { csv: string } | { source_url: string } } | { error: string; status: 422 };

export async function uploadPayload(body: Record<string, unknown>): Promise<UploadPayload> {
  const file = body.file instanceof File && body.file.size > 0 ? body.file : null;
  const url = typeof body.source_url === "string" ? body.source_url.trim() : "";
  if (file && url) return { error: "Choose either a CSV file or a source URL, not both.", status: 422 };
  if (url) return { payload: { source_url: url } };
  if (!file) return { error: "Choose a CSV file to upload, or enter a source URL.", status: 422 };
  return { payload: { csv: await file.text() } };
}

/** The payload of a start form; fields a type does not take are ignored, values are checked by the type's schema. */
export function startPayload(type: string, body: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case "bulk_classification":
      return body.reclassify === "true" ? { reclassify: true } : {};
    case "duty_optimization":
      return { destination: typeof body.destination === "string" ? body.destination : "" };
    default:
      // data_export exports the whole catalogue by default; other types start with their defaults.
      return {};
  }
}
