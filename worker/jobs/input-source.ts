// Reading a job's input in bounded byte windows, wherever it lives: inline in the job row, in R2, or at a URL.
// Windows always start at a record boundary chosen by the caller, so memory stays bounded by the window size.
import { PermanentJobError } from "../api/errors.ts";
import { describeUrl, outboundFetch } from "./outbound.ts";

/** How long one window's request may take before it counts as a (retryable) failure. */
const SOURCE_TIMEOUT_MS = 30_000;

export interface ByteWindow {
  bytes: Uint8Array;
  /** True when the window reaches the end of the input. */
  eof: boolean;
  /** The whole input's size in bytes, when known (for progress by bytes). */
  size?: number;
}

export interface InputSource {
  read(offset: number, length: number): Promise<ByteWindow>;
}

/**
 * Bytes fetched per read of a remote source (R2, URL) at least: one fetch then serves several chunks' windows. Not
 * more, because a continuation (a new invocation) starts with an empty window and what was read ahead is read again.
 */
export const READ_AHEAD_BYTES = 512 * 1024;

/**
 * Serves reads from the last window fetched while they fall inside it, fetching READ_AHEAD_BYTES (or what was asked,
 * if more) otherwise. Lives in a step's per-invocation cache, so memory stays bounded by one window per job.
 */
export function readAhead(source: InputSource, ahead = READ_AHEAD_BYTES): InputSource {
  let held: { offset: number; window: ByteWindow } | null = null;
  return {
    async read(offset, length) {
      if (held && offset >= held.offset) {
        const start = offset - held.offset;
        const end = start + length;
        const { bytes, eof, size } = held.window;
        if (end <= bytes.length || eof) {
          const slice = bytes.subarray(start, Math.min(end, bytes.length));
          return { bytes: slice, eof: eof && end >= bytes.length, ...(size === undefined ? {} : { size }) };
        }
      }
      const window = await source.read(offset, Math.max(length, ahead));
      held = { offset, window };
      const slice = window.bytes.subarray(0, Math.min(length, window.bytes.length));
      const eof = window.eof && length >= window.bytes.length;
      return { bytes: slice, eof, ...(window.size === undefined ? {} : { size: window.size }) };
    },
  };
}

export function inlineSource(bytes: Uint8Array): InputSource {
  return {
    async read(offset, length) {
      const end = Math.min(bytes.length, offset + length);
      return { bytes: bytes.subarray(offset, end), eof: end >= bytes.length, size: bytes.length };
    },
  };
}

export function r2Source(bucket: R2Bucket, key: string): InputSource {
  return {
    async read(offset, length) {
      const object = await bucket.get(key, { range: { offset, length } });
      // A missing object cannot come back by retrying: the input is gone.
      if (!object) throw new PermanentJobError(`stored input ${key} is missing`);
      const bytes = new Uint8Array(await object.arrayBuffer());
      return { bytes, eof: offset + bytes.length >= object.size, size: object.size };
    },
  };
}

/**
 * A CSV at a URL, fetched one window per call with a Range request through the outbound client (the URL policy on
 * every redirect hop). A server that ignores Range is streamed and the bytes before the window are skipped, so memory
 * stays bounded either way. 4xx and refused URLs are permanent; 5xx and network errors are retryable.
 */
export function urlSource(url: string, options: { production: boolean }): InputSource {
  return {
    async read(offset, length) {
      const response = await outboundFetch(
        url,
        { headers: { Range: `bytes=${offset}-${offset + length - 1}` } },
        { production: options.production, label: "source URL", redirects: "follow", timeoutMs: SOURCE_TIMEOUT_MS },
      );
      const answered = (status: number, statusText: string) =>
        `source URL ${describeUrl(new URL(response.url || url))} answered ${status} ${statusText}`.trim();
      if (response.status === 416) return { bytes: new Uint8Array(), eof: true };
      if (response.status >= 400 && response.status < 500) {
        throw new PermanentJobError(answered(response.status, response.statusText));
      }
      if (!response.ok) throw new Error(answered(response.status, response.statusText));
      const type = response.headers.get("content-type") ?? "";
      if (/html|json|image|audio|video|pdf|zip/i.test(type)) {
        throw new PermanentJobError(`source URL ${describeUrl(new URL(url))} is not CSV (content-type ${type})`);
      }
      if (response.status === 206) {
        const bytes = new Uint8Array(await response.arrayBuffer());
        const total = Number(response.headers.get("content-range")?.split("/")[1]);
        const known = Number.isFinite(total);
        return {
          bytes,
          eof: known ? offset + bytes.length >= total : bytes.length < length,
          ...(known ? { size: total } : {}),
        };
      }
      const length200 = Number(response.headers.get("content-length"));
      const window = await skipToWindow(response, offset, length);
      return Number.isFinite(length200) && length200 > 0 ? { ...window, size: length200 } : window;
    },
  };
}

async function skipToWindow(response: Response, offset: number, length: number): Promise<ByteWindow> {
  if (!response.body) return { bytes: new Uint8Array(), eof: true };
  const reader = response.body.getReader();
  const out = new Uint8Array(length);
  let seen = 0;
  let filled = 0;
  while (filled < length) {
    const { done, value } = await reader.read();
    if (done) return { bytes: out.subarray(0, filled), eof: true };
    const start = Math.max(0, offset - seen);
    seen += value.length;
    if (start >= value.length) continue;
    const take = value.subarray(start, start + (length - filled));
    out.set(take, filled);
    filled += take.length;
  }
  // Peek one more read to tell "exactly at the end" from "more to come".
  const next = await reader.read();
  await reader.cancel().catch(() => {});
  return { bytes: out, eof: next.done === true };
}
