import { createRequire } from "node:module";
import type { Pool } from "undici";

// undici is about 110 modules. It is loaded when the first pool is made, so a program that imports
// the runtime for its errors, config or logger (txo-audit itself) does not pay for HTTP. Node caches
// the module, so every later pool costs a lookup.
const requireFromHere = createRequire(import.meta.url);
// require() returns any; the module it loads is the undici package this file's types come from.
const loadPool = (): typeof Pool => (requireFromHere("undici") as typeof import("undici")).Pool;

export interface PoolSettings {
  /** Sockets per origin. */
  readonly connections: number;
  /** Idle time after which a kept-alive socket is closed. */
  readonly keepAliveTimeoutMs: number;
}

/**
 * One undici `Pool` per origin, at most `maxOrigins` of them. The least recently used pool is
 * closed when a new origin would exceed the bound (a `Map` keeps insertion order, and a hit is
 * re-inserted, so the first key is always the least recently used).
 */
export class PoolCache {
  readonly #pools = new Map<string, Pool>();
  readonly #maxOrigins: number;
  readonly #settings: PoolSettings;
  /** Closing evicted pools, awaited by `close()` so no socket outlives the client. */
  readonly #closing = new Set<Promise<void>>();

  constructor(maxOrigins: number, settings: PoolSettings) {
    this.#maxOrigins = maxOrigins;
    this.#settings = settings;
  }

  get size(): number {
    return this.#pools.size;
  }

  get(origin: string): Pool {
    const pool = this.#pools.get(origin);
    if (pool !== undefined) {
      if (this.#pools.size > 1) {
        this.#pools.delete(origin);
        this.#pools.set(origin, pool);
      }
      return pool;
    }
    return this.#create(origin);
  }

  /** Closes every pool at once, aborting what is still in flight, and waits for the sockets to go. */
  async close(): Promise<void> {
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all([...pools.map((pool) => pool.destroy()), ...this.#closing]);
  }

  #create(origin: string): Pool {
    if (this.#pools.size >= this.#maxOrigins) this.#evictOldest();
    const UndiciPool = loadPool();
    const pool = new UndiciPool(origin, {
      connections: this.#settings.connections,
      keepAliveTimeout: this.#settings.keepAliveTimeoutMs,
      pipelining: 1,
      // The client times each attempt as a whole; undici's silence timers would only interfere.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    this.#pools.set(origin, pool);
    return pool;
  }

  #evictOldest(): void {
    const oldest = this.#pools.keys().next();
    if (oldest.done === true) return;
    // The key came from this map's own keys() just above, so get() finds its pool.
    const pool = this.#pools.get(oldest.value) as Pool;
    this.#pools.delete(oldest.value);
    // Graceful: requests already running on the evicted pool finish, then its sockets close.
    const closing = pool.close().catch(() => undefined);
    this.#closing.add(closing);
    void closing.then(() => this.#closing.delete(closing));
  }
}
