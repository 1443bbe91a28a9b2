import { describe, expect, it } from "vitest";
import { REDACTED, Redactor } from "../../src/runtime/redact.js";

describe("Redactor.stringify's clean-line shortcut", () => {
  it("writes a line without secrets exactly as JSON.stringify does, the first time and the next", () => {
    const redactor = new Redactor();
    const line = { msg: "listed users for the weekly export", at: new Date(0), page: 2, tags: ["a", "b"], nothing: null, skipped: undefined };
    expect(redactor.stringify(line)).toBe(JSON.stringify(line));
    expect(redactor.stringify(line)).toBe(JSON.stringify(line));
  });

  it("still blanks a secret key's value when the value is a string already known to be clean", () => {
    const redactor = new Redactor();
    expect(redactor.stringify({ note: "correct horse battery staple" })).toBe('{"note":"correct horse battery staple"}');
    expect(redactor.stringify({ note: "ok", user: { password: "correct horse battery staple" } })).toBe(`{"note":"ok","user":{"password":"${REDACTED}"}}`);
  });

  it("takes the full path for strings with candidates, secrets-file values, BigInts and custom toJSON", () => {
    const redactor = new Redactor({ secrets: ["s3cr3t-value"] });
    expect(redactor.stringify({ msg: "sent Authorization: Bearer abcdefgh12345678" })).not.toContain("abcdefgh12345678");
    expect(redactor.stringify({ msg: "the value s3cr3t-value leaked" })).not.toContain("s3cr3t-value");
    expect(redactor.stringify({ count: 10n })).toBe('{"count":"10"}');
    expect(redactor.stringify({ wrapped: { toJSON: () => ({ token: "abc" }) } })).toBe(`{"wrapped":{"token":"${REDACTED}"}}`);
  });
});
