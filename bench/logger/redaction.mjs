/**
 * Cost of the runtime logger's redaction, side by side with plain JSON.stringify and pino's
 * `redact`. Run: `TXO_SKIP_BUILD=1 npx vitest bench --run bench/logger-redaction.bench.ts`; the
 * summary prints, per record, how many times faster JSON.stringify is than each row — that ratio
 * is the cost of redaction (results and their meaning: docs/runtime.md, "Logger").
 *
 * pino's redact only blanks the key paths it is given; txo's logger also scans every string for
 * bearer tokens, JWTs, API keys, PEM blocks, key=value secrets and secrets-file values, at any
 * depth. Four records: one with secrets, the common line without any (the same strings every
 * time, as repeated log lines have, and new strings every time), and a long message.
 */
import { Writable } from "node:stream";
import pino from "pino";
import { bench, describe } from "vitest";
import { createLogger } from "../src/runtime/logger.js";
import { Redactor } from "../src/runtime/redact.js";

class NullStream extends Writable {
  override _write(_chunk: unknown, _encoding: BufferEncoding, done: () => void): void {
    done();
  }
}

/** A string sink: the cheapest possible stream, so the numbers measure serialisation. */
const sink = { bytes: 0, write(chunk: string): boolean { this.bytes += chunk.length; return true; } };

/** A request log line with secrets in it: a bearer JWT in a header and a password in a body. */
const recordWithSecrets = {
  orgId: "acme",
  request: {
    method: "POST",
    url: "https://api.example.com/v1/users?page=2",
    headers: { authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl", accept: "application/json", "user-agent": "txo-runtime/1.0" },
    body: { name: "Ada Lovelace", email: "ada@example.com", password: "correct horse battery staple", roles: ["admin", "reviewer"] },
  },
  response: { status: 201, durationMs: 183, id: "123e4567-e89b-12d3-a456-426614174000" },
  note: "user created after 2 retries; the upstream answered 429 once",
};

/** The common log line: the same shape without anything secret (and without a UUID-length run). */
const recordWithoutSecrets = {
  orgId: "acme",
  request: { method: "GET", url: "https://api.example.com/v1/users?page=2", headers: { accept: "application/json", "user-agent": "txo-runtime/1.0" } },
  response: { status: 200, durationMs: 83, items: 25, etag: "W/\"5e-1a2b\"" },
  retries: 0,
  note: "listed users for the weekly export",
};

/** A long message (about 2 kB of prose) with a few ordinary fields. */
const longMessageRecord = {
  orgId: "acme",
  step: "sync-users",
  detail: Array.from({ length: 24 }, (_, index) => `batch ${index} of the weekly user export was written to the archive after checking ${index * 40} rows;`).join(" "),
};

const secrets = ["file-secret-value-123", "another-secret-456"];
const redactor = new Redactor({ secrets });
const txoLogger = createLogger({ stream: sink, context: { orgId: "acme" }, secrets });
const pinoPaths = ["request.headers.authorization", "request.body.password", "*.password", "*.token", "*.secret"];
const pinoRedacting = pino({ redact: pinoPaths, base: { orgId: "acme" } }, new NullStream());
const pinoPlain = pino({ base: { orgId: "acme" } }, new NullStream());

/** The same side-by-side group for one record; compare each row with the first (the ratio vitest prints). */
function benchRecord(title: string, makeRecord: () => Record<string, unknown>): void {
  describe(title, () => {
    bench("JSON.stringify (no redaction)", () => {
      sink.write(`${JSON.stringify({ time: Date.now(), level: "info", msg: "user created", ...makeRecord() })}\n`);
    });
    bench("txo Redactor.redact + JSON.stringify (copying path)", () => {
      sink.write(`${JSON.stringify(redactor.redact({ time: Date.now(), level: "info", msg: "user created", ...makeRecord() }))}\n`);
    });
    bench("txo Redactor.stringify (clean-line walk, then native or copying)", () => {
      sink.write(`${redactor.stringify({ time: Date.now(), level: "info", msg: "user created", ...makeRecord() })}\n`);
    });
    bench("txo createLogger().info (redaction + context + elapsed)", () => {
      txoLogger.info("user created", makeRecord());
    });
    bench("pino with redact paths", () => {
      pinoRedacting.info(makeRecord(), "user created");
    });
    bench("pino without redact", () => {
      pinoPlain.info(makeRecord(), "user created");
    });
  });
}

/**
 * The common line with new values on every call (page, duration, a request id and a message that
 * quotes them), so no string is one the redactor has seen before.
 */
function freshRecordsWithoutSecrets(): () => Record<string, unknown> {
  let n = 0;
  return () => {
    n++;
    return {
      ...recordWithoutSecrets,
      requestId: `req-${n.toString(36)}-${(n * 7919).toString(16)}`,
      request: { ...recordWithoutSecrets.request, url: `https://api.example.com/v1/users?page=${n % 500}` },
      response: { ...recordWithoutSecrets.response, durationMs: n % 997 },
      note: `listed ${n % 100} users for the weekly export (attempt ${n % 3})`,
    };
  };
}

benchRecord("record with secrets (bearer JWT, password)", () => recordWithSecrets);
benchRecord("record without secrets (the common line)", () => recordWithoutSecrets);
benchRecord("the common line with new values every time", freshRecordsWithoutSecrets());
benchRecord("record with a 2 kB message", () => longMessageRecord);
