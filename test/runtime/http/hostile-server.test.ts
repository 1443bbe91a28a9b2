import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { describe, expect } from "vitest";
import {
  ApiAuthenticationError,
  ApiOperationError,
  ApiTimeoutError,
  HelpfulError,
} from "../../../src/runtime/errors.js";
import { RestClient, type RestClientOptions } from "../../../src/runtime/http/index.js";
import { DEFAULT_MAX_RESPONSE_BYTES } from "../../../src/runtime/http/response-limits.js";
import { drive } from "./drive.js";
import { FaultServer, json } from "./fault-server.js";
import { type HttpTestBed, httpTest } from "./test-bed.js";
import { instanceOf } from "../../instance-of.js";

const CREDENTIALS = {
  authorization: "Bearer own-origin-token-1234",
  cookie: "session=own-origin-cookie",
  "x-api-key": "own-origin-api-key",
};
const CREDENTIAL_NAMES = Object.keys(CREDENTIALS);

/** A second loopback server: another origin (same host, another port), recording what it receives. */
const otherOriginTest = httpTest.extend<{ other: FaultServer }>({
  // vitest reads a fixture's dependencies from this destructuring pattern; this one has none.
  other: async ({}, use) => {
    const server = await new FaultServer().start();
    try {
      await use(server);
    } finally {
      await server.stop();
    }
  },
});

function recorder(into: IncomingHttpHeaders[], respond: (request: IncomingMessage, response: ServerResponse) => void) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    into.push(request.headers);
    respond(request, response);
  };
}

function credentialsIn(headers: IncomingHttpHeaders): string[] {
  return CREDENTIAL_NAMES.filter((name) => headers[name] !== undefined);
}

function client(bed: HttpTestBed, options: Partial<RestClientOptions> = {}): RestClient {
  return bed.client({ headers: CREDENTIALS, polling: { maxWaitMs: 60_000, intervalMs: 2_000 }, ...options });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

describe("credentials stay with the client's own origin", () => {
  otherOriginTest(
    "a 202 Operation-Location on another origin is polled without Authorization, Cookie or API key",
    async ({ bed, other }) => {
      const own: IncomingHttpHeaders[] = [];
      const foreign: IncomingHttpHeaders[] = [];
      bed.server.route(
        "/jobs",
        recorder(own, (_q, response) => json(response, 202, {}, { "operation-location": `${other.baseUrl}/ops/1` })),
      );
      other.route(
        "/ops/1",
        recorder(foreign, (_q, response) => json(response, 200, { status: "Succeeded" })),
      );
      const done = await drive(client(bed).send("POST", "/jobs", { body: {} }), bed.clock);
      expect(done.body).toEqual({ status: "Succeeded" });
      expect(credentialsIn(own[0] ?? {})).toEqual(CREDENTIAL_NAMES);
      expect(foreign).toHaveLength(1);
      expect(credentialsIn(foreign[0] ?? {})).toEqual([]);
      expect(foreign[0]?.accept).toBe("application/json");
    },
  );

  otherOriginTest(
    "a Location monitor on another origin is polled without credentials; a trusted origin gets them",
    async ({ bed, other }) => {
      const foreign: IncomingHttpHeaders[] = [];
      bed.server.route("/jobs", (_q, response) => json(response, 202, {}, { location: `${other.baseUrl}/status` }));
      other.route(
        "/status",
        recorder(foreign, (_q, response) => json(response, 200, { status: "Succeeded" })),
      );
      await drive(client(bed).post("/jobs", {}), bed.clock);
      await drive(client(bed, { trustedOrigins: [`${other.baseUrl}/any/path`] }).post("/jobs", {}), bed.clock);
      expect(foreign.map(credentialsIn)).toEqual([[], CREDENTIAL_NAMES]);
    },
  );

  otherOriginTest(
    "paginate sends neither the client's nor the call's credentials to a next link on another origin",
    async ({ bed, other }) => {
      const foreign: IncomingHttpHeaders[] = [];
      const own: IncomingHttpHeaders[] = [];
      bed.server.route(
        "/items",
        recorder(own, (_q, response) =>
          json(response, 200, { value: [1, 2], nextLink: `${other.baseUrl}/items?page=2` }),
        ),
      );
      other.route(
        "/items",
        recorder(foreign, (_q, response) => json(response, 200, [3], { link: `<${other.baseUrl}/last>; rel="next"` })),
      );
      other.route(
        "/last",
        recorder(foreign, (_q, response) => json(response, 200, [4])),
      );
      const items: unknown[] = [];
      for await (const item of client(bed).paginate("/items", {
        headers: { "x-call-token": "per-call-secret-9876", "x-trace": "t1" },
      }))
        items.push(item);
      expect(items).toEqual([1, 2, 3, 4]);
      expect(own[0]?.["x-call-token"]).toBe("per-call-secret-9876");
      expect(foreign).toHaveLength(2);
      for (const headers of foreign) {
        expect(credentialsIn(headers)).toEqual([]);
        expect(headers["x-call-token"]).toBeUndefined();
        expect(headers["x-trace"]).toBe("t1");
      }
    },
  );

  otherOriginTest(
    "a call the caller addresses to another origin keeps its own headers but not the client's",
    async ({ bed, other }) => {
      const foreign: IncomingHttpHeaders[] = [];
      other.route(
        "/direct",
        recorder(foreign, (_q, response) => json(response, 200, {})),
      );
      await client(bed).get(`${other.baseUrl}/direct`, { headers: { authorization: "Bearer for-the-other-api" } });
      expect(foreign[0]?.authorization).toBe("Bearer for-the-other-api");
      expect(foreign[0]?.cookie).toBeUndefined();
      expect(foreign[0]?.["x-api-key"]).toBeUndefined();
    },
  );

  otherOriginTest(
    "sensitiveHeaders marks further headers, and a 401 from an untrusted origin says why",
    async ({ bed, other }) => {
      const foreign: IncomingHttpHeaders[] = [];
      bed.server.route("/jobs", (_q, response) => json(response, 202, {}, { location: `${other.baseUrl}/status` }));
      other.route(
        "/status",
        recorder(foreign, (_q, response) => json(response, 401, { error: "who are you" })),
      );
      const api = client(bed, {
        headers: { ...CREDENTIALS, "x-tenant": "acme-tenant" },
        sensitiveHeaders: ["X-Tenant"],
      });
      const error = await drive(failure(api.post("/jobs", {})), bed.clock);
      expect(error).toBeInstanceOf(ApiAuthenticationError);
      expect(instanceOf(error, ApiAuthenticationError).howToFix).toContain("trustedOrigins");
      expect(foreign[0]?.["x-tenant"]).toBeUndefined();
    },
  );

  httpTest("trustedOrigins must be absolute http(s) URLs", ({ bed }) => {
    expect(() => client(bed, { trustedOrigins: ["files.example.com"] })).toThrow(HelpfulError);
    expect(() => client(bed, { trustedOrigins: ["ftp://files.example.com"] })).toThrow(/trustedOrigins/);
  });
});

describe("redirects", () => {
  httpTest.for([301, 302, 307, 308])(
    "follows a same-origin %i and returns the final answer, never the 3xx",
    async (status, { bed }) => {
      bed.server.route("/old", (_q, response) => json(response, status, { moved: true }, { location: "/new?x=1" }));
      bed.server.route("/new", (_q, response) => json(response, 200, { here: true }));
      const response = await client(bed).send("GET", "/old");
      expect(response).toMatchObject({ status: 200, body: { here: true }, url: `${bed.server.baseUrl}/new?x=1` });
    },
  );

  httpTest("a 303 after POST becomes a GET without body; a 307 repeats the POST with its body", async ({ bed }) => {
    const seen: string[] = [];
    bed.server.route("/submit", (_q, response) => json(response, 303, {}, { location: "/result" }));
    bed.server.route("/result", (request, response, _hit, body) => {
      seen.push(`${request.method} ${body} ${String(request.headers["content-type"])}`);
      json(response, 200, { ok: true });
    });
    bed.server.route("/keep", (_q, response) => json(response, 307, {}, { location: "/result" }));
    await client(bed).post("/submit", { a: 1 });
    await client(bed).post("/keep", { a: 2 });
    expect(seen).toEqual(["GET  undefined", 'POST {"a":2} application/json']);
  });

  otherOriginTest(
    "a redirect to another origin is an error and the other origin is never contacted",
    async ({ bed, other }) => {
      bed.server.route("/away", (_q, response) =>
        json(response, 302, {}, { location: `${other.baseUrl}/steal?sig=SECRETSIG123456` }),
      );
      other.route("/steal", (_q, response) => json(response, 200, { stolen: true }));
      const error = await failure(client(bed).get("/away"));
      expect(error).toBeInstanceOf(ApiOperationError);
      expect(instanceOf(error, ApiOperationError).status).toBe(302);
      expect(instanceOf(error, ApiOperationError).message).toContain(other.baseUrl);
      expect(instanceOf(error, ApiOperationError).howToFix).toContain("trustedOrigins");
      expect(JSON.stringify(error)).not.toContain("SECRETSIG123456");
      expect(other.hitsOf("/steal")).toBe(0);
    },
  );

  otherOriginTest("a redirect to a trusted origin is followed, with credentials", async ({ bed, other }) => {
    const foreign: IncomingHttpHeaders[] = [];
    bed.server.route("/away", (_q, response) => json(response, 302, {}, { location: `${other.baseUrl}/files/1` }));
    other.route(
      "/files/1",
      recorder(foreign, (_q, response) => json(response, 200, { file: 1 })),
    );
    expect(await client(bed, { trustedOrigins: [other.baseUrl] }).get("/away")).toEqual({ file: 1 });
    expect(credentialsIn(foreign[0] ?? {})).toEqual(CREDENTIAL_NAMES);
  });

  httpTest("a redirect loop stops at the first repeated URL", async ({ bed }) => {
    bed.server.route("/a", (_q, response) => json(response, 302, {}, { location: "/b" }));
    bed.server.route("/b", (_q, response) => json(response, 302, {}, { location: "/a" }));
    const error = await failure(client(bed).get("/a"));
    expect(instanceOf(error, ApiOperationError).message).toContain("redirect loop");
    expect(bed.server.hitsOf("/a") + bed.server.hitsOf("/b")).toBe(2);
  });

  httpTest("an endless chain stops after maxRedirects; maxRedirects 0 makes any redirect an error", async ({ bed }) => {
    bed.server.route("/hop", (request, response) => {
      const n = Number(new URL(request.url ?? "", "http://x").searchParams.get("n") ?? 0);
      json(response, 302, {}, { location: `/hop?n=${n + 1}` });
    });
    const error = await failure(client(bed, { maxRedirects: 3 }).get("/hop"));
    expect(instanceOf(error, ApiOperationError).message).toContain("more than 3 redirects");
    expect(bed.server.hitsOf("/hop")).toBe(4);
    await expect(client(bed, { maxRedirects: 0 }).get("/hop")).rejects.toThrow(/more than 0 redirects/);
  });

  httpTest(
    "a 3xx without Location, or a 304 to an unconditional request, is an error; a conditional 304 is returned",
    async ({ bed }) => {
      bed.server.route("/choices", (_q, response) => json(response, 300, { options: [] }));
      bed.server.route("/cached", (_q, response) => response.writeHead(304, { etag: '"v1"' }).end());
      await expect(client(bed).get("/choices")).rejects.toMatchObject({ status: 300 });
      await expect(client(bed).get("/cached")).rejects.toMatchObject({ status: 304 });
      const conditional = await client(bed).send("GET", "/cached", { headers: { "if-none-match": '"v1"' } });
      expect(conditional.status).toBe(304);
    },
  );

  httpTest("a redirect to a non-http scheme is an error", async ({ bed }) => {
    bed.server.route("/file", (_q, response) => json(response, 302, {}, { location: "file:///etc/passwd" }));
    await expect(client(bed).get("/file")).rejects.toThrow(/not an http\(s\) URL/);
  });
});

/** Streams `chunk` until the client goes away; counts what was written. */
function endless(chunk: Buffer, headers: Record<string, string | number>, delayMs = 0) {
  const written = { bytes: 0 };
  const route = (_request: IncomingMessage, response: ServerResponse): void => {
    response.writeHead(200, { "content-type": "application/json", ...headers });
    let open = true;
    response.on("close", () => {
      open = false;
    });
    const pump = (): void => {
      if (!open) return;
      written.bytes += chunk.length;
      const more = response.write(chunk);
      if (delayMs > 0) setTimeout(pump, delayMs);
      else if (more) setImmediate(pump);
      else response.once("drain", pump);
    };
    pump();
  };
  return { route, written };
}

describe("response size and body time are bounded", () => {
  httpTest("a Content-Length above maxResponseBytes fails at the headers, before the body is read", async ({ bed }) => {
    const { route, written } = endless(Buffer.alloc(64 * 1024, 0x20), { "content-length": 600 * 1024 * 1024 });
    bed.server.route("/huge", route);
    const error = await failure(client(bed, { retry: false }).get("/huge"));
    expect(error).toBeInstanceOf(ApiOperationError);
    expect(instanceOf(error, ApiOperationError).message).toContain(
      `larger than maxResponseBytes, ${DEFAULT_MAX_RESPONSE_BYTES} bytes (Content-Length: ${600 * 1024 * 1024})`,
    );
    expect(written.bytes).toBeLessThan(DEFAULT_MAX_RESPONSE_BYTES);
  });

  httpTest("an endless chunked body stops at maxResponseBytes with memory bounded", async ({ bed }) => {
    const { route, written } = endless(Buffer.alloc(64 * 1024, 0x20), {});
    bed.server.route("/endless", route);
    const limit = 2 * 1024 * 1024;
    const error = await failure(client(bed, { retry: false, maxResponseBytes: limit }).get("/endless"));
    expect(instanceOf(error, ApiOperationError).message).toContain(`larger than maxResponseBytes, ${limit} bytes;`);
    // Socket buffers on both sides hold a few MiB at most: the server was stopped, not drained.
    expect(written.bytes).toBeLessThan(limit + 16 * 1024 * 1024);
  });

  httpTest("an endless body at the default limit ends in an error, not a hang", async ({ bed }) => {
    const { route } = endless(Buffer.alloc(256 * 1024, 0x20), {});
    bed.server.route("/endless", route);
    await expect(client(bed, { retry: false }).get("/endless")).rejects.toThrow(/maxResponseBytes/);
  });

  httpTest("a slow-drip body cannot outlast timeoutMs", async ({ bed }) => {
    const { route, written } = endless(Buffer.from(" "), {}, 20);
    bed.server.route("/drip", route);
    const error = await failure(client(bed, { retry: false, timeoutMs: 300 }).get("/drip"));
    expect(error).toBeInstanceOf(ApiTimeoutError);
    expect(instanceOf(error, ApiTimeoutError).timeoutMs).toBe(300);
    expect(written.bytes).toBeGreaterThan(0);
  });

  httpTest("maxResponseBytes must fit in one string", ({ bed }) => {
    expect(() => client(bed, { maxResponseBytes: 0 })).toThrow(/maxResponseBytes must be a whole number/);
    expect(() => client(bed, { maxResponseBytes: 2 ** 40 })).toThrow(HelpfulError);
  });
});

describe("202 polling waits at least the poll interval", () => {
  httpTest.for(["0", "-5", "Thu, 01 Jan 1970 00:00:00 GMT", undefined])(
    "Retry-After %j: every wait is intervalMs",
    async (retryAfter, { bed }) => {
      const extra: Record<string, string> = retryAfter === undefined ? {} : { "retry-after": retryAfter };
      bed.server.route("/jobs", (_q, response) => json(response, 202, {}, { location: "/jobs/status", ...extra }));
      bed.server.route("/jobs/status", (_q, response, hit) =>
        json(response, hit < 5 ? 202 : 200, { status: hit < 5 ? "Running" : "Succeeded" }, extra),
      );
      await drive(client(bed).post("/jobs", {}), bed.clock);
      expect(bed.server.hitsOf("/jobs/status")).toBe(5);
      expect(bed.clock.requestedSleeps).toEqual([2000, 2000, 2000, 2000, 2000]);
    },
  );

  httpTest("Retry-After: 0 forever polls maxWaitMs / intervalMs times, then times out", async ({ bed }) => {
    bed.server.route("/jobs", (_q, response) =>
      json(response, 202, {}, { location: "/jobs/status", "retry-after": "0" }),
    );
    bed.server.route("/jobs/status", (_q, response) =>
      json(response, 202, { status: "Running" }, { "retry-after": "0" }),
    );
    const error = await drive(
      failure(client(bed, { polling: { maxWaitMs: 10_000, intervalMs: 1_000 } }).post("/jobs", {})),
      bed.clock,
    );
    expect(error).toBeInstanceOf(ApiTimeoutError);
    expect(bed.server.hitsOf("/jobs/status")).toBe(10);
  });
});
