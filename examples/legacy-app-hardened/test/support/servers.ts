import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ManualClock } from "txo-toolkit/runtime";

export interface Loopback {
  readonly url: string;
  readonly requests: { method: string; path: string; authorization: string | undefined; body: string }[];
  close(): Promise<void>;
}

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

/** A real HTTP server on 127.0.0.1 and a random port, recording every request. */
export async function startServer(handler: Handler): Promise<Loopback> {
  const requests: Loopback["requests"] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ method: request.method ?? "GET", path: request.url ?? "/", authorization: request.headers.authorization, body });
      handler(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The identity provider and the API of a small world: tokens are numbered, announced with
 * `expires_in: announcedSeconds`, and really accepted by the API for `validSeconds` on the shared
 * clock (shorter than announced models a key rotation: a 401 for a token the client thinks valid).
 */
export class World {
  readonly issuedAt = new Map<string, number>();
  announcedSeconds = 3600;
  validSeconds = 3600;
  /** Simulated time each detail request takes. */
  stepMs = 0;
  readonly missing = new Set<string>();
  tokenServer!: Loopback;
  apiServer!: Loopback;

  constructor(readonly clock: ManualClock) {}

  async start(): Promise<this> {
    this.tokenServer = await startServer((request, body, response) => this.#grant(request, body, response));
    this.apiServer = await startServer((request, _body, response) => this.#api(request, response));
    return this;
  }

  async close(): Promise<void> {
    await Promise.all([this.tokenServer.close(), this.apiServer.close()]);
  }

  get apiRequests(): Loopback["requests"] {
    return this.apiServer.requests;
  }

  #grant(request: IncomingMessage, body: string, response: ServerResponse): void {
    const form = new URLSearchParams(body);
    if (request.url !== "/acme/oauth2/v2.0/token" || form.get("client_secret") !== "test-client-secret") return sendJson(response, 401, { error: "invalid_client" });
    const token = `token-${this.issuedAt.size + 1}`;
    this.issuedAt.set(token, this.clock.now());
    sendJson(response, 200, { access_token: token, token_type: "Bearer", expires_in: this.announcedSeconds });
  }

  #authorized(request: IncomingMessage): boolean {
    const token = request.headers.authorization?.replace(/^Bearer /, "") ?? "";
    const issuedAt = this.issuedAt.get(token);
    return issuedAt !== undefined && this.clock.now() < issuedAt + this.validSeconds * 1000;
  }

  #api(request: IncomingMessage, response: ServerResponse): void {
    if (!this.#authorized(request)) return sendJson(response, 401, { error: "invalid_token" });
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname === "/v1/users") {
      if (url.searchParams.get("page") === "2") return sendJson(response, 200, { value: [{ id: 3 }, { id: 4 }] });
      return sendJson(response, 200, { value: [{ id: 1 }, { id: 2 }, { name: "orphan" }], nextLink: "/v1/users?page=2" });
    }
    const detail = /^\/v1\/users\/([^/]+)$/.exec(url.pathname);
    if (detail === null || this.missing.has(detail[1] as string)) return sendJson(response, 404, { error: "no such user" });
    this.clock.advance(this.stepMs);
    sendJson(response, 200, { id: Number(detail[1]), name: `User, "${detail[1]}"` });
  }
}
