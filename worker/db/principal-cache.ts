// A short-lived, per-isolate cache of credential lookups (bearer tokens and session cookies), so a busy client costs
// one three-way join every few seconds instead of one per request. Revoking a token or ending a session through the
// data layer evicts it here at once; another isolate may still accept it for up to PRINCIPAL_CACHE_MS.

/** How long a looked-up principal is trusted without asking D1 again. */
export const PRINCIPAL_CACHE_MS = 5_000;
/** Entries kept at most; the oldest go first. */
const MAX_ENTRIES = 5_000;

interface Entry<T> {
  value: T;
  until: number;
}

export class PrincipalCache<T> {
  #entries = new Map<string, Entry<T>>();

  constructor(private readonly clock: () => number = Date.now) {}

  get(key: string): T | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= this.clock()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T, ttlMs = PRINCIPAL_CACHE_MS): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, until: this.clock() + ttlMs });
    if (this.#entries.size > MAX_ENTRIES) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Drops every entry whose value matches (e.g. all cached lookups of one token id). */
  deleteWhere(match: (value: T) => boolean): void {
    for (const [key, entry] of this.#entries) if (match(entry.value)) this.#entries.delete(key);
  }
}
