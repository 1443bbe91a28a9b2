import { test } from "vitest";
import { RestClient, type RestClientOptions } from "../../../src/runtime/http/index.js";
import { ManualClock } from "../../../src/runtime/resilience/clock.js";
import { FaultServer } from "./fault-server.js";

/** Per-test world: a fresh fault-injecting server, a manual clock, and clients closed afterwards. */
export class HttpTestBed {
  readonly clock = new ManualClock();
  readonly #clients: RestClient[] = [];

  constructor(readonly server: FaultServer) {}

  /** A client on this bed's server and clock (fast, jitter-free retries unless overridden). */
  client(options: Partial<RestClientOptions> = {}): RestClient {
    return this.track(
      new RestClient({
        baseUrl: this.server.baseUrl,
        clock: this.clock,
        retry: { baseDelayMs: 1, jitter: "none" },
        ...options,
      }),
    );
  }

  /** Closes `client` with the bed. */
  track(client: RestClient): RestClient {
    this.#clients.push(client);
    return client;
  }

  async close(): Promise<void> {
    await Promise.all(this.#clients.splice(0).map((client) => client.close()));
    await this.server.stop();
  }
}

/** `test` with a `bed` fixture, set up and torn down around each test. */
export const httpTest = test.extend<{ bed: HttpTestBed }>({
  // vitest reads a fixture's dependencies from this destructuring pattern; this one has none.
  bed: async ({}, use) => {
    const bed = new HttpTestBed(await new FaultServer().start());
    try {
      await use(bed);
    } finally {
      await bed.close();
    }
  },
});
