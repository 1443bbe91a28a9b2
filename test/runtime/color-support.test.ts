import { describe, expect, it } from "vitest";
import { colorSupported } from "../../src/runtime/color-support.js";

const terminal = { isTTY: true };
const pipe = { isTTY: false };

describe("colorSupported", () => {
  it("colours a terminal and not a pipe when nothing is set", () => {
    expect(colorSupported(terminal, {})).toBe(true);
    expect(colorSupported(pipe, {})).toBe(false);
  });

  it("turns colour off for a non-empty NO_COLOR, and ignores an empty one", () => {
    expect(colorSupported(terminal, { NO_COLOR: "1" })).toBe(false);
    expect(colorSupported(terminal, { NO_COLOR: "" })).toBe(true);
  });

  it("lets FORCE_COLOR colour a pipe (CI logs), even when empty", () => {
    for (const value of ["1", "2", "3", "true", ""])
      expect(colorSupported(pipe, { FORCE_COLOR: value }), value).toBe(true);
  });

  it("lets FORCE_COLOR=0 or false turn a terminal's colour off", () => {
    for (const value of ["0", "false", "FALSE"])
      expect(colorSupported(terminal, { FORCE_COLOR: value }), value).toBe(false);
  });

  it("puts FORCE_COLOR above NO_COLOR, as Node's tty.hasColors does", () => {
    expect(colorSupported(pipe, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(true);
  });
});
