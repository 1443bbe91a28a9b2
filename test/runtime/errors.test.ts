import { describe, expect, it } from "vitest";
import {
  ApiAuthenticationError,
  ApiOperationError,
  ApiRateLimitError,
  ApiTimeoutError,
  ConfigurationError,
  EntityNotFoundError,
  FileOperationError,
  HelpfulError,
  isHelpfulError,
  ValidationError,
} from "../../src/runtime/errors.js";
import { formatError } from "../../src/runtime/format-error.js";

const base = { whatWentWrong: "The thing broke.", howToFix: "Mend the thing.", example: "mend(thing)" };

describe("HelpfulError hierarchy", () => {
  const cases = [
    [ApiOperationError, "TXO_API_OPERATION", undefined],
    [ApiAuthenticationError, "TXO_API_AUTHENTICATION", 401],
    [ApiTimeoutError, "TXO_API_TIMEOUT", undefined],
    [ApiRateLimitError, "TXO_API_RATE_LIMIT", 429],
    [EntityNotFoundError, "TXO_ENTITY_NOT_FOUND", 404],
  ] as const;

  it.each(cases)("%o has a stable code, its default status and the API base class", (ErrorClass, code, status) => {
    const error = new ErrorClass(base);
    expect(error.code).toBe(code);
    expect(ErrorClass.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error).toBeInstanceOf(ApiOperationError);
    expect(error).toBeInstanceOf(HelpfulError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(ErrorClass.name);
  });

  it("keeps whatWentWrong as the message and exposes every option", () => {
    const cause = new Error("socket hang up");
    const error = new ApiRateLimitError({
      ...base,
      retryAfterMs: 1500,
      method: "GET",
      url: "https://api.example.com/v1/users",
      cause,
      context: { operation: "list users" },
    });
    expect(error.message).toBe(base.whatWentWrong);
    expect(error.retryAfterMs).toBe(1500);
    expect(error.method).toBe("GET");
    expect(error.cause).toBe(cause);
    expect(error.context?.operation).toBe("list users");
  });

  it("lets an explicit status override the default", () => {
    expect(new ApiAuthenticationError({ ...base, status: 403 }).status).toBe(403);
  });

  it("does not confuse sibling classes", () => {
    const rateLimit = new ApiRateLimitError(base);
    expect(rateLimit).not.toBeInstanceOf(ConfigurationError);
    expect(rateLimit).not.toBeInstanceOf(ApiTimeoutError);
    expect(new ConfigurationError(base)).not.toBeInstanceOf(ApiOperationError);
    expect(new HelpfulError(base)).not.toBeInstanceOf(ApiRateLimitError);
  });

  it("gives the non-API errors their codes and fields", () => {
    expect(new ConfigurationError({ ...base, path: "a.b", file: "x.json" })).toMatchObject({
      code: "TXO_CONFIGURATION",
      path: "a.b",
      file: "x.json",
      issues: [],
    });
    expect(new ValidationError({ ...base, issues: [{ path: "a", message: "must be a number" }] })).toMatchObject({
      code: "TXO_VALIDATION",
      issues: [{ path: "a" }],
    });
    expect(new FileOperationError({ ...base, path: "/tmp/x", fileOperation: "read" })).toMatchObject({
      code: "TXO_FILE_OPERATION",
      fileOperation: "read",
    });
    expect(new HelpfulError(base).code).toBe("TXO_HELPFUL_ERROR");
  });
});

describe("HelpfulError across copies and in logs", () => {
  it("matches instances created by a second copy of the module (instanceof across entry points)", async () => {
    // A query string makes the module loader evaluate the file a second time, as a duplicated package would.
    const secondCopy = "../../src/runtime/errors.ts?second-copy";
    // import() of a second copy of errors.js: the same module, loaded again.
    const copy = (await import(secondCopy)) as typeof import("../../src/runtime/errors.js");
    expect(copy.ApiRateLimitError).not.toBe(ApiRateLimitError);
    const foreign = new copy.ApiRateLimitError({ ...base, retryAfterMs: 10 });
    expect(Object.getPrototypeOf(foreign)).not.toBe(ApiRateLimitError.prototype);
    expect(foreign).toBeInstanceOf(ApiRateLimitError);
    expect(foreign).toBeInstanceOf(ApiOperationError);
    expect(foreign).toBeInstanceOf(HelpfulError);
    expect(foreign).not.toBeInstanceOf(ConfigurationError);
    expect(new ConfigurationError(base)).toBeInstanceOf(copy.HelpfulError);
    expect(isHelpfulError(foreign)).toBe(true);
  });

  it("does not let a user subclass without its own code swallow its parent's instances", () => {
    class MyError extends ConfigurationError {}
    expect(new MyError(base)).toBeInstanceOf(ConfigurationError);
    expect(new ConfigurationError(base)).not.toBeInstanceOf(MyError);
    expect(new MyError(base).code).toBe("TXO_CONFIGURATION");
  });

  it("serialises to plain data for logs", () => {
    const json = new EntityNotFoundError({ ...base, cause: new TypeError("boom") }).toJSON();
    expect(json).toEqual({
      name: "EntityNotFoundError",
      code: "TXO_ENTITY_NOT_FOUND",
      whatWentWrong: base.whatWentWrong,
      howToFix: base.howToFix,
      example: base.example,
      status: 404,
      cause: "TypeError: boom",
    });
    expect(isHelpfulError(new Error("x"))).toBe(false);
    expect(isHelpfulError({ whatWentWrong: "x" })).toBe(false);
  });
});

describe("formatError", () => {
  const error = new ConfigurationError({
    ...base,
    example: "line one\nline two",
    context: { operation: "load configuration", resource: "config/acme-prod-config.json" },
    cause: new Error("inner"),
  });

  it("renders Problem / Solution / Example with emoji for terminals", () => {
    const text = formatError(error, { style: "terminal" });
    expect(text).toContain("❌ Problem: The thing broke.");
    expect(text).toContain("✅ Solution: Mend the thing.");
    expect(text).toContain("📝 Example:\n   line one\n   line two");
    expect(text).toContain("Resource: config/acme-prod-config.json");
    expect(text).toContain("Caused by: Error: inner");
    expect(text).not.toContain("\u001B[");
    expect(text).not.toContain("at ");
  });

  it("renders a plain variant without emoji or colour for logs", () => {
    const text = formatError(error, { style: "plain", color: true });
    expect(text).toMatch(/^Problem: The thing broke\.\nSolution: Mend the thing\.\nExample:\n/);
    expect(text).not.toMatch(/[❌✅📝]/u);
    expect(text).not.toContain("\u001B[");
  });

  it("colours the terminal variant only when asked", () => {
    expect(formatError(error, { color: true })).toContain("\u001B[31m❌ Problem:\u001B[0m");
  });

  it("shows stacks only in debug mode", () => {
    expect(formatError(error, { debug: true })).toContain(error.stack?.split("\n")[1] ?? "missing stack");
    const plain = new RangeError("index out of range");
    expect(formatError(plain)).toBe(
      "❌ Problem: RangeError: index out of range\n(run with --debug for the stack trace)",
    );
    expect(formatError(plain, { debug: true })).toContain(plain.stack?.split("\n")[1] ?? "missing stack");
    expect(formatError("a string was thrown")).toBe("❌ Problem: a string was thrown");
  });
});
