import { Writable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigurationError, HelpfulError } from "../../src/runtime/errors.js";
import { createLogger, type LogStream } from "../../src/runtime/logger.js";
import { Redactor } from "../../src/runtime/redact.js";

class Collector implements LogStream {
  readonly lines: string[] = [];
  write(chunk: string): boolean {
    this.lines.push(chunk);
    return true;
  }
  records(): Record<string, unknown>[] {
    // The logger writes one JSON object per line: that is the format under test.
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

function fakeClock(start = 1000): { now: () => number; advance: (ms: number) => void } {
  const state = { time: start };
  return { now: () => state.time, advance: (ms: number) => void (state.time += ms) };
}

describe("createLogger", () => {
  it("writes one JSON line per call with level, message, context and elapsed time", () => {
    const stream = new Collector();
    const clock = fakeClock();
    const logger = createLogger({
      stream,
      context: { orgId: "acme" },
      now: clock.now,
      wallClock: () => Date.UTC(2024, 0, 2, 3, 4, 5),
    });
    logger.info("started");
    clock.advance(1234.4);
    logger.warn("slow call", { url: "https://api.example.com/v1/users", durationMs: 900 });
    expect(stream.lines.every((line) => line.endsWith("\n") && !line.slice(0, -1).includes("\n"))).toBe(true);
    expect(stream.records()).toEqual([
      { time: "2024-01-02T03:04:05.000Z", level: "info", msg: "started", elapsedMs: 0, orgId: "acme" },
      {
        time: "2024-01-02T03:04:05.000Z",
        level: "warn",
        msg: "slow call",
        elapsedMs: 1234,
        orgId: "acme",
        url: "https://api.example.com/v1/users",
        durationMs: 900,
      },
    ]);
  });

  it("writes the same time as Date#toISOString for any sequence of clock readings", () => {
    const moment = fc.oneof(
      fc.integer({ min: -8.64e15, max: 8.64e15 }),
      fc.double({ min: -1e13, max: 1e13, noNaN: true }),
      fc.integer({ min: 1_700_000_000_000, max: 1_700_000_200_000 }),
    );
    fc.assert(
      fc.property(fc.array(moment, { minLength: 1, maxLength: 20 }), (moments) => {
        const stream = new Collector();
        let now = 0;
        const logger = createLogger({ stream, wallClock: () => now });
        for (const moment of moments) {
          now = moment;
          logger.info("tick");
        }
        expect(stream.records().map((record) => record.time)).toEqual(moments.map((ms) => new Date(ms).toISOString()));
      }),
      { numRuns: 500 },
    );
  });

  it("filters by level", () => {
    const stream = new Collector();
    const logger = createLogger({ stream, level: "warn" });
    logger.debug("hidden");
    logger.info("hidden");
    logger.error("shown");
    expect(stream.records().map((record) => record.msg)).toEqual(["shown"]);
    expect(logger.isLevelEnabled("debug")).toBe(false);
    expect(logger.isLevelEnabled("fatal")).toBe(true);
    // An unknown level is the bad input under test, so it is passed past the type on purpose.
    expect(() => createLogger({ stream, level: "loud" as never })).toThrow(ConfigurationError);
  });

  it("redacts secrets in messages, fields, nested objects, JSON strings and secrets-file values", () => {
    const stream = new Collector();
    const logger = createLogger({ stream, secrets: ["file-secret-value-123"] });
    logger.info("calling with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", {
      headers: { Authorization: "Basic dXNlcjpwYXNz", "X-Api-Key": "abc" },
      body: JSON.stringify({ client_secret: "raw-client-secret", user: "bob" }),
      note: "the value file-secret-value-123 leaked into a note",
      list: [{ password: "p4ss" }],
    });
    const text = stream.lines.join("");
    for (const secret of ["eyJhbGci", "dXNlcjpwYXNz", 'abc"', "raw-client-secret", "file-secret-value-123", "p4ss"])
      expect(text).not.toContain(secret);
    const record = stream.records().at(0);
    expect(record?.headers).toEqual({ Authorization: "[REDACTED]", "X-Api-Key": "[REDACTED]" });
    expect(JSON.parse(String(record?.body))).toEqual({ client_secret: "[REDACTED]", user: "bob" });
  });
});

describe("logger children and errors", () => {
  it("creates children that share the stream and start time and add context", () => {
    const stream = new Collector();
    const clock = fakeClock();
    const parent = createLogger({ stream, context: { orgId: "acme" }, now: clock.now });
    clock.advance(50);
    const child = parent.child({ operation: "sync-users" });
    child.info("step");
    expect(stream.records()[0]).toMatchObject({ orgId: "acme", operation: "sync-users", elapsedMs: 50 });
  });

  it("logs errors with their helpful fields, without letting fields overwrite the line's own keys", () => {
    const stream = new Collector();
    const logger = createLogger({ stream });
    const error = new HelpfulError({
      whatWentWrong: "Token abc123XYZ== was rejected",
      howToFix: "Renew it.",
      example: "renew()",
    });
    logger.error("request failed", { err: error, msg: "not the message", level: "not the level" });
    const record = stream.records().at(0);
    expect(record?.msg).toBe("request failed");
    expect(record?.level).toBe("error");
    expect(record?.["field.msg"]).toBe("not the message");
    expect(record?.err).toMatchObject({
      code: "TXO_HELPFUL_ERROR",
      howToFix: "Renew it.",
      whatWentWrong: "Token [REDACTED] was rejected",
    });
  });

  it("logs plain errors with their causes, BigInts as strings, and cyclic fields without throwing", () => {
    const stream = new Collector();
    const logger = createLogger({
      stream,
      context: { lastError: new Error("context error") },
      secrets: ["file-secret-value-123"],
    });
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    logger.warn("retrying", {
      err: new Error("upstream said Bearer abcdefghijklmnop", { cause: new Error("file-secret-value-123 rejected") }),
    });
    logger.info("counted", { rows: 12n });
    logger.info("cyclic", { cyclic });
    const [retrying, counted, cyclicLine] = stream.records();
    if (!retrying || !counted || !cyclicLine) throw new Error("expected three records, one per log call above");
    expect(retrying.err).toMatchObject({
      name: "Error",
      message: "upstream said Bearer [REDACTED]",
      cause: { message: "[REDACTED] rejected" },
    });
    expect(retrying.err).toHaveProperty("stack", expect.not.stringContaining("abcdefghijklmnop"));
    expect(retrying.lastError).toMatchObject({ message: "context error" });
    expect(counted.rows).toBe("12");
    expect(cyclicLine.cyclic).toEqual({ name: "loop", self: "[Circular]" });
    expect(stream.lines.join("")).not.toContain("file-secret-value-123");
  });

  it("writes the time first, then exactly what JSON.stringify of the rest of the line, redacted, gives", () => {
    const reserved = ["time", "level", "msg", "elapsedMs"];
    const key = fc.oneof(
      fc.constantFrom(...reserved, "orgId", "token", "url", "0", "12", "__proto__", "note", "password"),
      fc.string({ maxLength: 6 }),
    );
    const value = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.integer(),
      fc.constantFrom("Bearer abcdefgh12345678", "pwd=abc", null),
      fc.dictionary(fc.constantFrom("a", "secret", "1"), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
    );
    const record = fc.dictionary(key, value, { maxKeys: 5 });
    fc.assert(
      fc.property(
        record,
        fc.option(record, { nil: undefined }),
        fc.string({ maxLength: 30 }),
        (context, fields, message) => {
          const stream = new Collector();
          const logger = createLogger({
            stream,
            context,
            now: () => 5,
            wallClock: () => Date.UTC(2024, 0, 2, 3, 4, 5, 6),
          });
          logger.info(message, fields);
          // The rest of the line as one object, merged the way the logger documents it.
          const rest: Record<string, unknown> = { level: "info", msg: message, elapsedMs: 0 };
          for (const source of [context, fields ?? {}]) {
            for (const [name, item] of Object.entries(source))
              Object.defineProperty(rest, reserved.includes(name) ? `field.${name}` : name, {
                value: item,
                enumerable: true,
                writable: true,
                configurable: true,
              });
          }
          expect(stream.lines[0]).toBe(
            `{"time":"2024-01-02T03:04:05.006Z",${JSON.stringify(new Redactor().redact(rest)).slice(1)}\n`,
          );
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("still writes a line, with the time, level and message, when reading the fields throws", () => {
    const stream = new Collector();
    const logger = createLogger({ stream, wallClock: () => 0 });
    const throwing = () =>
      Object.defineProperty({}, "value", {
        enumerable: true,
        get: () => {
          throw new Error("no");
        },
      });
    logger.info("broken field", throwing());
    logger.info("broken nested field", { nested: throwing() });
    const [direct, nested] = stream.records();
    expect(direct).toMatchObject({
      time: "1970-01-01T00:00:00.000Z",
      level: "info",
      msg: "broken field",
      value: "[unreadable: its getter threw]",
    });
    expect(nested).toMatchObject({
      time: "1970-01-01T00:00:00.000Z",
      level: "info",
      msg: "broken nested field",
      logError: "the fields could not be read (a getter threw)",
    });
  });

  it("writes to a real Node stream", async () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        chunks.push(chunk.toString());
        done();
      },
    });
    createLogger({ stream, context: { orgId: "acme" } }).info("to a stream");
    await new Promise<void>((resolve) => stream.end(resolve));
    expect(JSON.parse(chunks.join(""))).toMatchObject({ msg: "to a stream", orgId: "acme" });
  });
});
