// A day's archive as one download: its written parts' objects streamed one after another. Each part is a complete
// gzip member and a gzip file may hold several (RFC 1952 §2.2), so `gunzip`, `zcat` and DecompressionStream read the
// whole day as one NDJSON file without the Worker decompressing anything.
import { writtenPartsOfDay } from "../../db/archive.ts";
import { makeDb } from "../../db/client.ts";

export async function archiveDownload(
  env: Env,
  workspaceId: string,
  slug: string,
  day: string,
): Promise<Response | null> {
  const parts = await writtenPartsOfDay(makeDb(env.DB), workspaceId, day);
  if (parts.length === 0) return null;
  const keys = parts.map((part) => part.key);
  const bytes = parts.reduce((sum, part) => sum + part.bytes, 0);
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const key = keys.shift();
      if (key === undefined) {
        controller.close();
        return;
      }
      const object = await env.FILES.get(key);
      if (!object) {
        controller.error(new Error(`archive part ${key} is missing from R2`));
        return;
      }
      controller.enqueue(new Uint8Array(await object.arrayBuffer()));
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "application/gzip",
      "content-length": String(bytes),
      "content-disposition": `attachment; filename="dutyleak-archive-${slug}-${day}.ndjson.gz"`,
      "cache-control": "private, no-store",
    },
  });
}
