// Reading a job's input in bounded byte windows, wherever it lives: inline in the job row, in R2, or at a URL.
// Windows always start at a record boundary chosen by the caller, so memory stays bounded by the window size.
import { PermanentJobError } from "./errors.ts";

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
 * A CSV at a URL, fetched one window per call with a Range request. A server that ignores Range is streamed and the
 * bytes before the window are skipped, so memory stays bounded either way. 4xx is permanent; 5xx and network errors
 * are retryable (thrown as plain errors).
 */
export function urlSource(url: string): InputSource {
  return {
    async read(offset, length) {
      const response = await fetch(url, { headers: { Range: `bytes=${offset}-${offset + length - 1}` } });
      if (response.status === 416) return { bytes: new Uint8Array(), eof: true };
      if (response.status >= 400 && response.status < 500) {
        throw new PermanentJobError(`source_url answered ${response.status} ${response.statusText}`.trim());
      }
      if (!response.ok) throw new Error(`source_url answered ${response.status} ${response.statusText}`.trim());
      const type = response.headers.get("content-type") ?? "";
      if (/html|json|image|audio|video|pdf|zip/i.test(type)) {
        throw new PermanentJobError(`source_url is not CSV (content-type ${type})`);
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
