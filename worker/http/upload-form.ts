// Turns the Imports & Exports upload form (a CSV file or a source URL) into a data_import payload; the type's zod
// schema validates the result. (The other types' start cards are built from their declarations: api/job-types.ts.)

export type UploadPayload =
  | { payload: { csv: string; file_name: string } | { source_url: string } }
  | { error: string; status: 422 };

export async function uploadPayload(body: Record<string, unknown>): Promise<UploadPayload> {
  const file = body.file instanceof File && body.file.size > 0 ? body.file : null;
  const url = typeof body.source_url === "string" ? body.source_url.trim() : "";
  if (file && url) return { error: "Choose either a CSV file or a source URL, not both.", status: 422 };
  if (url) return { payload: { source_url: url } };
  if (!file) return { error: "Choose a CSV file to upload, or enter a source URL.", status: 422 };
  return { payload: { csv: await file.text(), file_name: file.name.slice(0, 255) } };
}
