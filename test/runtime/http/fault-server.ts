import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Route = (request: IncomingMessage, response: ServerResponse, hit: number, body: string) => void;

/** A real loopback HTTP server whose routes misbehave on purpose; counts hits and open sockets. */
export class FaultServer {
  readonly #server: Server;
  readonly #routes = new Map<string, Route>();
  readonly #sockets = new Set<Socket>();
  readonly hits = new Map<string, number>();
  readonly methods: string[] = [];
  baseUrl = "";

  constructor() {
    this.#server = createServer((request, response) => this.#handle(request, response));
    this.#server.on("connection", (socket: Socket) => {
      this.#sockets.add(socket);
      socket.on("close", () => this.#sockets.delete(socket));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, "127.0.0.1", resolve));
    this.baseUrl = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  route(path: string, handler: Route): this {
    this.#routes.set(path, handler);
    return this;
  }

  hitsOf(path: string): number {
    return this.hits.get(path) ?? 0;
  }

  /** Sockets the server still has open (client keep-alive connections included). */
  get openSockets(): number {
    return this.#sockets.size;
  }

  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    const [path = "/"] = (request.url ?? "/").split("?");
    const hit = (this.hits.get(path) ?? 0) + 1;
    this.hits.set(path, hit);
    this.methods.push(`${request.method} ${path}`);
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const route = this.#routes.get(path);
      if (route === undefined) {
        json(response, 404, { error: "no route" });
        return;
      }
      route(request, response, hit, Buffer.concat(chunks).toString("utf8"));
    });
  }
}

export function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}
