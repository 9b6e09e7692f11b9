// NDJSON compressed as gzip while it is written, for an archive part: records go through CompressionStream one line
// at a time and only the compressed bytes are kept, so a part with many rejected rows costs its gzip size in memory.
// The reader is the rewrite's (and the tests'): it decompresses a whole object back into records.
import { gunzipSync } from "node:zlib";

export class GzipNdjsonWriter {
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  private readonly collected: Promise<Uint8Array>;
  private readonly encoder = new TextEncoder();
  lines = 0;

  constructor() {
    const gzip = new CompressionStream("gzip");
    this.writer = gzip.writable.getWriter();
    this.collected = new Response(gzip.readable).arrayBuffer().then((buffer) => new Uint8Array(buffer));
  }

  async write(record: unknown): Promise<void> {
    this.lines++;
    await this.writer.write(this.encoder.encode(`${JSON.stringify(record)}\n`));
  }

  /** Closes the stream: the gzip member's bytes. */
  async finish(): Promise<Uint8Array> {
    await this.writer.close();
    return this.collected;
  }
}

/**
 * Every record of an NDJSON gzip, one member or several concatenated as a day's download is. node:zlib reads every
 * member (as gunzip, zcat, Python's gzip and Go's gzip.Reader do); workerd's DecompressionStream stops at the first.
 */
export async function readGzipNdjson(bytes: Uint8Array | ArrayBuffer): Promise<Record<string, unknown>[]> {
  const text = gunzipSync(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString("utf8");
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
